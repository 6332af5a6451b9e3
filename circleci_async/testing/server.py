"""``FakeCircleCI``: a loopback server that behaves like CircleCI, for tests and demos."""

from __future__ import annotations

import asyncio
import base64
import json
import math
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal

from aiohttp import web

from circleci_async.testing import _caching, routes
from circleci_async.testing._web import MSG_INVALID_TOKEN, ApiError, ok
from circleci_async.testing.data import FakeData, FakeUser

__all__ = ["FAKE_KEY", "Faults", "FakeCircleCI", "Injected", "RecordedRequest"]

Host = Literal["api", "artifacts", "storage"]
FAKE_KEY: web.AppKey[FakeCircleCI] = web.AppKey("fake")
DEFAULT_TOKEN = "fake-circleci-token-0123456789abcdef"


@dataclass
class Faults:
    """Scripted misbehaviour. Change the fields at any time; the server reads them per request.

    Probabilities draw from the server's seeded random generator, so runs are repeatable.
    """

    #: Server-side limit on the API host, in requests per second (``None``: unlimited).
    rate_limit: float | None = None
    #: Burst of the server-side limit.
    rate_burst: int = 1
    #: Send ``Retry-After`` with 429s (seconds, rounded up).
    send_retry_after: bool = True
    #: Probability of a 503 on any API request.
    error_rate: float = 0.0
    #: Error bodies as plain text (``Rate limited.``) instead of JSON.
    plain_text_errors: bool = False
    #: Added delay per request, in seconds, per host.
    latency: float = 0.0
    artifact_latency: float = 0.0
    storage_latency: float = 0.0
    #: Page tokens that never advance (a pager must detect the repeat).
    stale_page_token: bool = False
    #: Probability that a storage download is cut mid-body by a connection reset.
    reset_rate: float = 0.0
    #: Probability that a storage download ends early (clean close, body short).
    truncate_rate: float = 0.0
    #: Probability of a 503 from the storage host.
    storage_error_rate: float = 0.0
    #: Whether the storage host honours ``Range`` (else it always sends the whole body).
    storage_ranges: bool = True
    #: Extra redirect hops on the artifact host before the 302 to storage.
    artifact_redirect_hops: int = 0


@dataclass
class Injected:
    """A scripted response: the next ``times`` requests matching ``method`` and ``path``."""

    host: Host
    method: str
    path: re.Pattern[str]
    status: int
    body: bytes
    headers: dict[str, str]
    times: int
    content_type: str | None = "application/json"


@dataclass
class RecordedRequest:
    """One request as the server saw it (credentials reduced to a flag; ``path`` undecoded)."""

    host: Host
    method: str
    path: str
    query: str
    authenticated: bool
    headers: dict[str, str] = field(repr=False)
    body: bytes = field(repr=False, default=b"")
    at: float = field(repr=False, default=0.0)
    #: How credentials came: ``circle-token``, ``bearer``, ``basic``, ``query`` or ``""``.
    auth_kind: str = ""

    def json(self) -> Any:
        """The request body parsed as JSON."""
        return json.loads(self.body)


class _ServerBucket:
    def __init__(self) -> None:
        self.tokens: float | None = None
        self.stamp = time.monotonic()

    def take(self, rate: float, burst: int) -> float:
        now = time.monotonic()
        if self.tokens is None:
            self.tokens = float(burst)
        self.tokens = min(float(burst), self.tokens + (now - self.stamp) * rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / rate


class FakeCircleCI:
    """A fake CircleCI on loopback: API host, artifact host, and a separate storage host.

    ``async with FakeCircleCI() as fake:`` then ``CircleCI(host=fake.url, token=fake.token)``.
    The artifact host shares the API's address (another port) and answers 302 to the storage
    host on another loopback address (``127.0.0.2``), which serves the bytes and counts every
    request that carries a token in ``storage_token_requests``.
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        tokens: dict[str, FakeUser] | None = None,
        seed: int = 0,
        data: FakeData | None = None,
        faults: Faults | None = None,
        page_size: int = 20,
        address: str = "127.0.0.1",
        storage_address: str = "127.0.0.2",
        rate_limit: float | None = None,
    ) -> None:
        """Build the server; ``rate_limit`` (requests/s) sets ``faults.rate_limit``.

        Above that rate the API host answers 429 with ``Retry-After``.
        """
        self.data = data or FakeData(seed=seed)
        self.token = token
        self.tokens: dict[str, FakeUser] = {token: self.data.users[0]}
        if tokens:
            self.tokens.update(tokens)
        self.faults = faults or Faults()
        if rate_limit is not None:
            self.faults.rate_limit = rate_limit
        self.page_size = page_size
        self.random = random.Random(seed)
        self.requests: list[RecordedRequest] = []
        self.storage_token_requests = 0
        self.status_counts: dict[int, int] = {}
        self._address = address
        self._storage_address = storage_address
        self._injected: list[Injected] = []
        #: ``(path regex, Cache-Control)`` for successful GETs; every one also gets an ``ETag``
        #: (unless ``send_etags`` is off) and a 304 when ``If-None-Match`` matches it.
        self.cache_rules: list[tuple[str, str]] = list(_caching.DEFAULT_CACHE_RULES)
        self.send_etags = True
        self.not_modified = 0
        self._bucket = _ServerBucket()
        self._runners: dict[Host, web.AppRunner] = {}
        self._urls: dict[Host, str] = {}

    def __repr__(self) -> str:
        return f"FakeCircleCI(url={self._urls.get('api')!r})"

    # ---- lifecycle --------------------------------------------------------------------
    async def __aenter__(self) -> FakeCircleCI:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def start(self) -> None:
        """Start the three hosts on free ports."""
        await self._start("api", self._address, routes.api_app)
        await self._start("artifacts", self._address, routes.artifacts_app)
        await self._start("storage", self._storage_address, routes.storage_app)

    async def _start(
        self, host: Host, address: str, build: Callable[[web.Application], None]
    ) -> None:
        # 8 MiB: room for the largest bodies CircleCI accepts (policy bundles, ~2.5 MiB)
        app = web.Application(middlewares=[self._middleware(host)], client_max_size=8 << 20)
        app[FAKE_KEY] = self
        build(app)
        runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await runner.setup()
        site = web.TCPSite(runner, address, 0)
        await site.start()
        port = runner.addresses[0][1]
        self._runners[host] = runner
        self._urls[host] = f"http://{address}:{port}"

    async def close(self) -> None:
        """Stop every host."""
        for runner in self._runners.values():
            await runner.cleanup()
        self._runners.clear()

    # ---- addresses --------------------------------------------------------------------
    @property
    def url(self) -> str:
        """Base URL to pass as the client's ``host`` (API under ``/api/v2`` and ``/api/v1.1``)."""
        return self._urls["api"]

    @property
    def artifacts_url(self) -> str:
        """Base URL of the artifact host (same address as the API, another port)."""
        return self._urls["artifacts"]

    @property
    def storage_url(self) -> str:
        """Base URL of the storage host (another loopback address)."""
        return self._urls["storage"]

    def open_connections(self, host: Host | None = None) -> int:
        """Connections currently open to one host, or to all."""
        hosts = [host] if host else list(self._runners)
        total = 0
        for name in hosts:
            server = self._runners[name].server
            if server is not None:
                total += len(server.connections)
        return total

    # ---- scripting --------------------------------------------------------------------
    def inject(
        self,
        method: str,
        path: str,
        *,
        status: int,
        body: Any = None,
        headers: dict[str, str] | None = None,
        times: int = 1,
        host: Host = "api",
    ) -> None:
        """Answer the next ``times`` requests to ``path`` with this.

        ``path`` is a regex matched in full against the raw (still percent-encoded) path.

        ``body`` may be bytes or text (sent as plain text) or JSON-able data.
        """
        content_type: str | None = "application/json"
        if isinstance(body, bytes):
            raw, content_type = body, None
        elif isinstance(body, str):
            raw, content_type = body.encode(), "text/plain"
        else:
            raw = b"" if body is None else json.dumps(body).encode()
        self._injected.append(
            Injected(
                host,
                method.upper(),
                re.compile(path),
                status,
                raw,
                headers or {},
                times,
                content_type,
            )
        )

    def requests_to(self, path: str, host: Host = "api") -> list[RecordedRequest]:
        """Recorded requests whose path fully matches the regex ``path``."""
        pattern = re.compile(path)
        return [r for r in self.requests if r.host == host and pattern.fullmatch(r.path)]

    def count_statuses(self, status: int) -> int:
        """How many responses with ``status`` the server has sent."""
        return self.status_counts.get(status, 0)

    # ---- request pipeline -------------------------------------------------------------
    def user_for(self, request: web.Request) -> tuple[FakeUser | None, bool]:
        """Resolve a request's credentials: ``(user or None, credentials_present)``."""
        token = request.headers.get("Circle-Token")
        auth = request.headers.get("Authorization", "")
        if token is None and auth.startswith("Bearer "):
            token = auth[7:]
        elif token is None and auth.startswith("Basic "):
            try:
                token = base64.b64decode(auth[6:]).decode().partition(":")[0]
            except ValueError:
                token = ""
        if token is None:
            token = request.query.get("circle-token")
        if token is None:
            return None, False
        return self.tokens.get(token), True

    def _has_credentials(self, request: web.Request) -> bool:
        if any(h in request.headers for h in ("Circle-Token", "Authorization")):
            return True
        if "circle-token" in request.query:
            return True
        secrets = set(self.tokens)
        return any(any(s in value for s in secrets) for value in request.headers.values()) or any(
            s in request.query_string for s in secrets
        )

    def _error(self, status: int, message: str, *, key: str = "message") -> web.Response:
        if self.faults.plain_text_errors:
            return web.Response(status=status, text=message, content_type="text/plain")
        return ok({key: message}, status)

    def _middleware(self, host: Host) -> Callable[..., Any]:
        @web.middleware
        async def middleware(
            request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
        ) -> web.StreamResponse:
            response = await self._handle(host, request, handler)
            if host == "api":
                response = _caching.decorate(self, request, response)
            self.status_counts[response.status] = self.status_counts.get(response.status, 0) + 1
            return response

        return middleware

    async def _handle(
        self,
        host: Host,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        faults = self.faults
        credentials = self._has_credentials(request)
        body = await request.read() if request.can_read_body else b""
        self.requests.append(
            RecordedRequest(
                host,
                request.method,
                request.rel_url.raw_path,
                request.query_string,
                credentials,
                {k: v for k, v in request.headers.items() if k.lower() not in _SECRET_HEADERS},
                body,
                time.monotonic(),
                _auth_kind(request),
            )
        )
        if host == "storage" and credentials:
            self.storage_token_requests += 1
        delay = {"api": faults.latency, "artifacts": faults.artifact_latency}.get(host, 0.0)
        if host == "storage":
            delay = faults.storage_latency
        if delay:
            await asyncio.sleep(delay)
        for inj in self._injected:
            if (
                inj.host == host
                and inj.method == request.method
                and inj.path.fullmatch(request.rel_url.raw_path)
            ):
                inj.times -= 1
                if inj.times <= 0:
                    self._injected.remove(inj)
                return web.Response(
                    status=inj.status,
                    body=inj.body,
                    headers=inj.headers,
                    content_type=inj.content_type,
                )
        if host == "api":
            if faults.rate_limit is not None:
                wait = self._bucket.take(faults.rate_limit, faults.rate_burst)
                if wait > 0:
                    response = self._error(429, "Rate limited.")
                    if faults.send_retry_after:
                        response.headers["Retry-After"] = str(max(1, math.ceil(wait)))
                    return response
            if faults.error_rate and self.random.random() < faults.error_rate:
                return self._error(503, "Service Unavailable")
            user, present = self.user_for(request)
            if present and user is None:
                return self._error(401, MSG_INVALID_TOKEN)
        try:
            return await handler(request)
        except ApiError as exc:
            return self._error(exc.status, exc.message, key=exc.key)
        except web.HTTPNotFound:
            return self._error(404, "Not found")
        except web.HTTPMethodNotAllowed:
            return self._error(405, "Method not allowed")


_SECRET_HEADERS = frozenset({"circle-token", "authorization"})


def _auth_kind(request: web.Request) -> str:
    if "Circle-Token" in request.headers:
        return "circle-token"
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        return "bearer"
    if auth.startswith("Basic "):
        return "basic"
    return "query" if "circle-token" in request.query else ""
