"""``CircleCI``: the client, an async context manager owning one connection pool."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, quote

import msgspec

from circleci_async._http.auth import normalize_host
from circleci_async._http.cache import HTTPCache
from circleci_async._http.observe import Event, RateLimitStatus
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
        on_event: Callable[[Event], object] | None = None,
        cache: HTTPCache | None = None,
        max_connections: int | None = None,
    ) -> None:
        config = _apply(
            config or ClientConfig(),
            rate_limit=rate_limit,
            retry=retry,
            timeouts=timeouts,
            auth=auth,
            trusted_hosts=trusted_hosts,
            on_retry=on_retry,
            on_event=on_event,
            cache=cache,
            max_connections=max_connections,
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
    def rate_limit_status(self) -> RateLimitStatus:
        """Last ``RateLimit-*`` headers seen plus the token bucket's tokens and pause."""
        return self._session.rate_limit_status()

    @property
    def cache(self) -> HTTPCache | None:
        """The ``HTTPCache`` given to the client, if any."""
        return self._session.cache

    @property
    def closed(self) -> bool:
        """Whether the client has been closed."""
        return self._session.closed

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
        json: Any = None,
        api: Literal["v2", "v1.1"] = "v2",
    ) -> Any:
        """Call any endpoint by path and return its parsed JSON, for operations without a method.

        ``path`` is relative to ``/api/v2`` (or ``/api/v1.1`` with ``api="v1.1"``), e.g.
        ``"/project/gh/acme/api/pipeline?branch=main"``; it goes through the same rate limit,
        retries and error mapping as every typed method. Returns ``None`` for an empty body
        and the text when the body is not JSON.
        """
        verb = method.upper() if isinstance(method, str) else ""
        if verb not in _METHODS:
            raise ValueError(f"method must be one of {', '.join(_METHODS)}, got {method!r}")
        if api not in ("v2", "v1.1"):
            raise ValueError(f"api must be 'v2' or 'v1.1', got {api!r}")
        route, query = _raw_path(path, api)
        if params:
            query += list(params.items()) if isinstance(params, Mapping) else list(params)
        kwargs: dict[str, Any] = {} if json is None else {"json": json}
        resp = await self._session.request(verb, route, params=query or None, api=api, **kwargs)
        if not resp.body.strip():
            return None
        try:
            return msgspec.json.decode(resp.body)
        except msgspec.DecodeError:
            return resp.body.decode("utf-8", "replace")

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
        on_event: Callable[[Event], object] | None = _UNSET,
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
        if on_event is not _UNSET:
            config = replace(config, on_event=on_event)
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


_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


def _raw_path(path: str, api: str) -> tuple[str, list[tuple[str, str]]]:
    """Split a user-given API path into an encoded route and query pairs."""
    if not isinstance(path, str) or not path.strip():
        raise ValueError(f"path must be a non-empty string like '/me', got {path!r}")
    path = path.strip()
    if "://" in path:
        raise ValueError(f"give a path relative to /api/{api} (like '/me'), not a URL: {path!r}")
    path, _, query_string = path.partition("?")
    path = "/" + path.lstrip("/")
    for prefix in ("/api/v2", "/api/v1.1"):
        if path == prefix or path.startswith(prefix + "/"):
            path = path[len(prefix) :] or "/"
    if any(segment in ("..", ".") for segment in path.split("/")):
        raise ValueError(f"path must not contain '.' or '..' segments: {path!r}")
    query = parse_qsl(query_string, keep_blank_values=True)
    return quote(path, safe=_PATH_SAFE), query


def _apply(config: ClientConfig, **changes: Any) -> ClientConfig:
    given = {k: v for k, v in changes.items() if v is not None}
    return replace(config, **given) if given else config
