"""``CircleCI``: the client, an async context manager owning one connection pool."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from types import TracebackType
from typing import TYPE_CHECKING, Any

from circleci_async._http.auth import normalize_host
from circleci_async._http.ratelimit import TokenBucket
from circleci_async._http.session import Session
from circleci_async.config import (
    DEFAULT_HOST,
    AuthScheme,
    ClientConfig,
    RateLimit,
    RetryPolicy,
    Timeouts,
)
from circleci_async.resources.v1 import V1
from circleci_async.resources.v2.contexts import Contexts
from circleci_async.resources.v2.deploys import Deploys
from circleci_async.resources.v2.groups import Groups
from circleci_async.resources.v2.insights import Insights
from circleci_async.resources.v2.jobs import Jobs
from circleci_async.resources.v2.oidc import Oidc
from circleci_async.resources.v2.organizations import Organizations
from circleci_async.resources.v2.pipeline_definitions import PipelineDefinitions
from circleci_async.resources.v2.pipelines import Pipelines
from circleci_async.resources.v2.policies import Policies
from circleci_async.resources.v2.projects import Projects
from circleci_async.resources.v2.rollbacks import Rollbacks
from circleci_async.resources.v2.schedules import Schedules
from circleci_async.resources.v2.triggers import Triggers
from circleci_async.resources.v2.usage import Usage
from circleci_async.resources.v2.users import Users
from circleci_async.resources.v2.webhooks import Webhooks
from circleci_async.resources.v2.workflows import Workflows

if TYPE_CHECKING:
    import aiohttp

    from circleci_async._http.retry import RetryRecord

__all__ = ["CircleCI"]

TOKEN_ENV_VARS = ("CIRCLE_TOKEN", "CIRCLECI_TOKEN")
HOST_ENV_VAR = "CIRCLECI_HOST"
_BAD_TOKEN = re.compile(r"[\x00-\x20\x7f]")
_UNSET: Any = object()


def _resolve_token(token: str | None) -> str | None:
    if token is None:
        for name in TOKEN_ENV_VARS:
            token = os.environ.get(name)
            if token and token.strip():
                break
    if token is None:
        return None
    if not isinstance(token, str):
        raise TypeError(f"token must be a string, got {type(token).__name__}")
    token = token.strip()
    if not token:
        return None
    if _BAD_TOKEN.search(token):
        raise ValueError("token contains whitespace or control characters; check how it was read")
    return token


class CircleCI:
    """Asyncio client for the CircleCI API, v2 and v1.1.

    ``async with CircleCI() as cci:`` reads the token from ``CIRCLE_TOKEN`` (else
    ``CIRCLECI_TOKEN``) and the host from ``CIRCLECI_HOST`` (else ``https://circleci.com``).
    No token at all is allowed: requests then carry no credentials. Tuning goes in through
    ``rate_limit``, ``retry``, ``timeouts`` (or ``config`` bundling them). Pass ``session`` to
    reuse an ``aiohttp.ClientSession`` you own: it is then never closed by the client.
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        host: str | None = None,
        config: ClientConfig | None = None,
        rate_limit: RateLimit | None = None,
        retry: RetryPolicy | None = None,
        timeouts: Timeouts | None = None,
        auth: AuthScheme | None = None,
        trusted_hosts: tuple[str, ...] | None = None,
        on_retry: Callable[[RetryRecord], object] | None = None,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        config = _apply(
            config or ClientConfig(),
            rate_limit=rate_limit,
            retry=retry,
            timeouts=timeouts,
            auth=auth,
            trusted_hosts=trusted_hosts,
            on_retry=on_retry,
        )
        resolved_host = normalize_host(host or os.environ.get(HOST_ENV_VAR) or DEFAULT_HOST)
        self._token = _resolve_token(token)
        self._bind(Session(host=resolved_host, token=self._token, config=config, http=session))

    def _bind(self, session: Session) -> None:
        self._session = session
        self.users = Users(session)
        self.projects = Projects(session)
        self.pipelines = Pipelines(session)
        self.workflows = Workflows(session)
        self.jobs = Jobs(session)
        self.insights = Insights(session)
        self.contexts = Contexts(session)
        self.schedules = Schedules(session)
        self.webhooks = Webhooks(session)
        self.oidc = Oidc(session)
        self.policies = Policies(session)
        self.usage = Usage(session)
        self.organizations = Organizations(session)
        self.groups = Groups(session)
        self.pipeline_definitions = PipelineDefinitions(session)
        self.triggers = Triggers(session)
        self.rollbacks = Rollbacks(session)
        self.deploys = Deploys(session)
        self.v1 = V1(session)

    def __repr__(self) -> str:
        auth = self.config.auth if self._token else "none"
        return f"CircleCI(host={self.host!r}, auth={auth!r})"

    @property
    def host(self) -> str:
        """Base URL of the CircleCI installation, e.g. ``https://circleci.com``."""
        return self._session.host

    @property
    def config(self) -> ClientConfig:
        """The client's configuration (holds no secret)."""
        return self._session.config

    @property
    def authenticated(self) -> bool:
        """Whether a token is configured."""
        return self._token is not None

    @property
    def rate_limiter(self) -> TokenBucket:
        """The token bucket every request of this client passes."""
        return self._session.bucket

    @property
    def closed(self) -> bool:
        """Whether the client has been closed."""
        return self._session.closed

    def with_options(
        self,
        *,
        token: str | None = _UNSET,
        rate_limit: RateLimit | None = None,
        retry: RetryPolicy | None = None,
        timeouts: Timeouts | None = None,
        auth: AuthScheme | None = None,
        trusted_hosts: tuple[str, ...] | None = None,
        on_retry: Callable[[RetryRecord], object] | None = _UNSET,
    ) -> CircleCI:
        """Return a cheap copy with some options changed, sharing this client's connections.

        The copy shares the rate limiter unless ``rate_limit`` changes, and is closed when
        this client is closed (closing the copy closes nothing it does not own).
        """
        config = _apply(
            self.config,
            rate_limit=rate_limit,
            retry=retry,
            timeouts=timeouts,
            auth=auth,
            trusted_hosts=trusted_hosts,
        )
        if on_retry is not _UNSET:
            config = replace(config, on_retry=on_retry)
        new_token = self._token if token is _UNSET else _resolve_token(token)
        clone = object.__new__(CircleCI)
        clone._token = new_token
        clone._bind(self._session.derive(token=new_token, config=config))
        return clone

    async def __aenter__(self) -> CircleCI:
        await self._session.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client's connections. Using the client afterwards raises."""
        await self._session.close()


def _apply(config: ClientConfig, **changes: Any) -> ClientConfig:
    given = {k: v for k, v in changes.items() if v is not None}
    return replace(config, **given) if given else config
