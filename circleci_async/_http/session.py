"""The one request path: rate limit → send (redirects by hand) → classify → retry or return."""

from __future__ import annotations

import asyncio
import io
import logging
import random
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import aiohttp
import anyio
from multidict import CIMultiDictProxy
from yarl import URL

from circleci_async._http import codec, retry
from circleci_async._http.auth import HostTrust, auth_header
from circleci_async._http.cache import HTTPCache
from circleci_async._http.observe import (
    Event,
    RateLimitHeaders,
    RateLimitStatus,
    emit,
    logger,
    parse_rate_limit_headers,
)
from circleci_async._http.ratelimit import TokenBucket
from circleci_async._version import __version__
from circleci_async.config import ClientConfig, Timeouts
from circleci_async.errors import (
    APIStatusError,
    CircleCIError,
    ClientClosedError,
    ConnectError,
    RequestTimeout,
    TransportError,
    error_from_response,
    redact_url,
)

__all__ = ["Api", "Response", "Session", "StreamResponse"]

T = TypeVar("T")
Api = Literal["v2", "v1.1", "root"]
Params = Sequence[tuple[str, str]]

USER_AGENT = f"circleci-async/{__version__}"
MAX_REDIRECTS = 10
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_NO_TOKEN_HINT = " (no token was sent: pass token= or set CIRCLE_TOKEN)"
#: Request bodies above this many bytes are sent from a buffer in chunks.
_LARGE_BODY = 1 << 20
_API_PREFIX: dict[Api, str] = {"v2": "/api/v2", "v1.1": "/api/v1.1", "root": ""}
_NO_BODY: Any = object()


@dataclass(slots=True)
class Response:
    """A complete HTTP response as the session hands it to resources."""

    status: int
    headers: CIMultiDictProxy[str]
    body: bytes
    url: str
    method: str

    def decode(self, type_: type[T]) -> T:
        """Decode the body into ``type_`` (``ResponseDecodeError`` on mismatch)."""
        return codec.decode(
            self.body, type_, url=self.url, content_type=self.headers.get("Content-Type", "")
        )


class StreamResponse:
    """A response whose body is read incrementally (artifact downloads)."""

    __slots__ = ("_resp", "method", "url")

    def __init__(self, resp: aiohttp.ClientResponse, method: str) -> None:
        self._resp = resp
        self.method = method
        self.url = str(resp.url)

    @property
    def status(self) -> int:
        """HTTP status of the final (non-redirect) response."""
        return self._resp.status

    @property
    def headers(self) -> CIMultiDictProxy[str]:
        """Response headers."""
        return self._resp.headers

    @property
    def content_length(self) -> int | None:
        """The declared body length, if any."""
        return self._resp.content_length

    async def iter_chunks(self, size: int) -> AsyncIterator[bytes]:
        """Yield the body in chunks of up to ``size`` bytes (broken stream: ``TransportError``)."""
        try:
            async for chunk in self._resp.content.iter_chunked(size):
                yield chunk
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise _transport_error(exc, self.method, self.url) from None

    async def iter_any(self) -> AsyncIterator[bytes]:
        """Yield the body as it arrives, without joining or splitting buffered chunks."""
        try:
            async for chunk in self._resp.content.iter_any():
                yield chunk
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise _transport_error(exc, self.method, self.url) from None

    async def read(self) -> bytes:
        """Read the whole body."""
        try:
            return await self._resp.read()
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise _transport_error(exc, self.method, self.url) from None


def _transport_error(exc: BaseException, method: str, url: str) -> TransportError:
    if isinstance(exc, aiohttp.ClientConnectorError | aiohttp.ConnectionTimeoutError):
        return ConnectError(f"cannot connect: {_describe(exc)}", method=method, url=url)
    if isinstance(exc, asyncio.TimeoutError):
        return RequestTimeout(f"timed out: {_describe(exc)}", method=method, url=url)
    return TransportError(f"connection failed: {_describe(exc)}", method=method, url=url)


def _describe_event(e: Event) -> str:
    text = f"{e.kind} {e.method} {e.url}"
    if e.attempt:
        text += f" attempt={e.attempt}"
    if e.status is not None:
        text += f" status={e.status}"
    if e.duration is not None:
        text += f" duration={e.duration:.3f}s"
    if e.wait is not None:
        text += f" wait={e.wait:.3f}s"
    if e.error:
        text += f" error={e.error}"
    return text


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 200 else text[:200] + "…"


class _Shared:
    """State shared by a client and its ``with_options`` copies."""

    __slots__ = (
        "closed",
        "closing",
        "http",
        "inflight",
        "max_connections",
        "owns_http",
        "rate_headers",
        "rate_seen_at",
    )

    def __init__(self, http: aiohttp.ClientSession | None, limit: int) -> None:
        self.http = http
        self.owns_http = http is None
        self.max_connections = limit
        self.closed = False
        #: Tasks inside ``Session.request``; ``close`` cancels them (and lists them in
        #: ``closing`` so each turns its cancellation into ``ClientClosedError``).
        self.inflight: set[asyncio.Task[Any]] = set()
        self.closing: set[asyncio.Task[Any]] = set()
        self.rate_headers: RateLimitHeaders | None = None
        self.rate_seen_at: float | None = None


def make_bucket(config: ClientConfig) -> TokenBucket:
    """Build the token bucket for ``config.rate_limit``."""
    rl = config.rate_limit
    return TokenBucket(rl.per_second, rl.burst, adaptive=rl.adaptive, min_rate=rl.min_per_second)


def _client_timeout(t: Timeouts, *, total: bool) -> aiohttp.ClientTimeout:
    return aiohttp.ClientTimeout(
        total=t.total if total else None, connect=t.connect, sock_read=t.read
    )


class Session:
    """Sends every request of one client. Holds the token; never shows it."""

    def __init__(
        self,
        *,
        host: str,
        token: str | None,
        config: ClientConfig,
        http: aiohttp.ClientSession | None = None,
        shared: _Shared | None = None,
        bucket: TokenBucket | None = None,
    ) -> None:
        self.host = host
        self._owner = shared is None
        self._closed = False
        self.config = config
        self._auth = auth_header(config.auth, token) if token else None
        self._trust = HostTrust(host, config.trusted_hosts)
        # Every API call goes to the host itself: decide its trust once, not per request.
        self._host_prefix = host + "/"
        self._host_trusted = self._trust.allows(self._host_prefix)
        self._shared = shared or _Shared(http, config.max_connections)
        self._bucket = bucket or make_bucket(config)
        self._timeout = _client_timeout(config.timeouts, total=True)
        self._stream_timeout = _client_timeout(config.timeouts, total=False)
        self._base: dict[Api, str] = {api: host + prefix for api, prefix in _API_PREFIX.items()}
        self._random = random.Random()
        self._cache: HTTPCache | None = config.cache
        self._cache_id = (
            self._cache.identity(self._auth[1] if self._auth else None)
            if (self._cache is not None)
            else ""
        )

    def __repr__(self) -> str:
        return f"Session(host={self.host!r}, authenticated={self.authenticated})"

    @property
    def authenticated(self) -> bool:
        """Whether requests to CircleCI hosts carry a token."""
        return self._auth is not None

    @property
    def bucket(self) -> TokenBucket:
        """The client's token bucket (shared with ``with_options`` copies)."""
        return self._bucket

    @property
    def cache(self) -> HTTPCache | None:
        """The HTTP cache, when the client has one."""
        return self._cache

    def rate_limit_status(self) -> RateLimitStatus:
        """The last rate-limit headers seen plus the token bucket's state, as one snapshot."""
        seen = self._shared.rate_headers
        bucket = self._bucket
        paused = bucket.paused_until
        return RateLimitStatus(
            limit=seen.limit if seen else None,
            remaining=seen.remaining if seen else None,
            reset_at=seen.reset_at if seen else None,
            observed_at=self._shared.rate_seen_at,
            tokens=bucket.tokens,
            rate=bucket.rate,
            waiting=bucket.waiting,
            paused_until=None if paused is None else time.time() + (paused - time.monotonic()),
        )

    @property
    def closed(self) -> bool:
        """Whether the client (or the client it was derived from) was closed."""
        return self._closed or self._shared.closed

    def derive(self, *, token: str | None, config: ClientConfig) -> Session:
        """Return a session with other options that shares this one's connections.

        The token bucket is shared too, unless ``config`` sets a different rate limit.
        """
        bucket = self._bucket if config.rate_limit == self.config.rate_limit else None
        return Session(
            host=self.host, token=token, config=config, shared=self._shared, bucket=bucket
        )

    async def open(self) -> None:
        """Create the aiohttp session if the caller did not supply one."""
        shared = self._shared
        if self.closed:
            raise ClientClosedError("this CircleCI client is closed; create a new one")
        if shared.http is None:
            shared.http = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=shared.max_connections),
                cookie_jar=aiohttp.DummyCookieJar(),
                timeout=self._timeout,
            )

    async def close(self) -> None:
        """Close this session; the original also closes the connections it created.

        Closing the original cancels every request still in flight (of it and its copies):
        each raises ``ClientClosedError`` in its task. A ``derive``d session only marks itself
        closed: the connections belong to the original.
        """
        self._closed = True
        shared = self._shared
        if not self._owner:
            return
        shared.closed = True
        current = asyncio.current_task()
        for task in list(shared.inflight):
            if task is not current and not task.done():
                shared.closing.add(task)
                task.cancel()
        if shared.owns_http and shared.http is not None:
            await shared.http.close()

    async def _http(self) -> aiohttp.ClientSession:
        http = self._shared.http
        if self.closed:
            raise ClientClosedError("this CircleCI client is closed; create a new one")
        if http is None:
            await self.open()
            http = self._shared.http
            assert http is not None
        if http.closed:
            raise ClientClosedError("the aiohttp session given to this CircleCI client is closed")
        return http

    def url(self, route: str, path: Mapping[str, str] | None = None, api: Api = "v2") -> str:
        """Build the absolute URL of ``route`` with already-encoded path parameters."""
        return self._base[api] + (route.format_map(path) if path else route)

    def _headers(
        self, url: str, has_body: bool, extra: Mapping[str, str] | None = None
    ) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if has_body:
            headers["Content-Type"] = "application/json"
        if extra:
            headers.update(extra)
        if self._auth is not None and (
            self._host_trusted if url.startswith(self._host_prefix) else self._trust.allows(url)
        ):
            headers[self._auth[0]] = self._auth[1]
        return headers

    async def call(
        self,
        method: str,
        route: str,
        type_: type[T],
        *,
        path: Mapping[str, str] | None = None,
        params: Params | None = None,
        json: Any = _NO_BODY,
        api: Api = "v2",
    ) -> T:
        """Send a request and decode a successful response into ``type_``."""
        resp = await self.request(method, route, path=path, params=params, json=json, api=api)
        return resp.decode(type_)

    async def request(
        self,
        method: str,
        route: str,
        *,
        path: Mapping[str, str] | None = None,
        params: Params | None = None,
        json: Any = _NO_BODY,
        api: Api = "v2",
    ) -> Response:
        """Send a request with rate limiting and retries; return a 2xx response or raise.

        With a cache, a GET may be answered from it (fresh) or revalidated (304).
        Closing the client meanwhile raises ``ClientClosedError`` here.
        """
        http = await self._http()
        url = URL(self.url(route, path, api), encoded=True)
        if params:
            url = url.extend_query(params)
        data = None if json is _NO_BODY else codec.encode(json)
        task = asyncio.current_task()
        shared = self._shared
        if task is not None:
            shared.inflight.add(task)
        try:
            if self._cache is not None:
                return await self._via_cache(self._cache, http, method, str(url), data, route, api)
            return await self._with_retries(http, method, str(url), data, route=route, api=api)
        except asyncio.CancelledError:
            if task is not None and task in shared.closing:
                shared.closing.discard(task)
                if task.uncancel() == 0:
                    raise ClientClosedError(
                        "the CircleCI client was closed while this request was in flight"
                    ) from None
            raise
        finally:
            if task is not None:
                shared.inflight.discard(task)
                shared.closing.discard(task)

    async def _via_cache(
        self,
        cache: HTTPCache,
        http: aiohttp.ClientSession,
        method: str,
        url: str,
        data: bytes | None,
        route: str,
        api: Api,
    ) -> Response:
        ident = self._cache_id
        if method != "GET":
            resp = await self._with_retries(http, method, url, data, route=route, api=api)
            if method != "HEAD":
                cache.invalidate(ident, url)
            return resp
        entry, fresh = cache.lookup(ident, url)
        if entry is not None and fresh:
            self._note("cache_hit", method, route, api, url, status=entry.status)
            return Response(entry.status, entry.headers, entry.body, url, method)
        conditional = entry.validators() if entry is not None else None
        resp = await self._with_retries(
            http, method, url, data, route=route, api=api, extra_headers=conditional or None
        )
        if resp.status == 304 and entry is not None:
            entry = cache.revalidated(ident, url, entry, resp.headers)
            self._note("cache_revalidated", method, route, api, url, status=304)
            return Response(entry.status, entry.headers, entry.body, url, method)
        cache.store(ident, url, resp.status, resp.headers, resp.body)
        return resp

    def _note(
        self,
        kind: Any,
        method: str,
        route: str,
        api: Api,
        url: str,
        *,
        attempt: int = 0,
        status: int | None = None,
        duration: float | None = None,
        wait: float | None = None,
        error: str | None = None,
    ) -> None:
        """Emit one event to the hook and the logger (only when one of them listens)."""
        hook = self.config.on_event
        level = logging.INFO if kind in ("retry", "rate_limit_pause") else logging.DEBUG
        if hook is None and not logger.isEnabledFor(level):
            return
        event = Event(
            kind, method, route, redact_url(url), api, attempt, status, duration, wait, error
        )
        emit(hook, event)
        if logger.isEnabledFor(level):
            logger.log(level, "%s", _describe_event(event))

    async def _with_retries(
        self,
        http: aiohttp.ClientSession,
        method: str,
        url: str,
        data: bytes | None,
        *,
        route: str = "",
        api: Api = "v2",
        extra_headers: Mapping[str, str] | None = None,
    ) -> Response:
        policy = self.config.retry
        bucket = self._bucket
        start = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            sent_at = await bucket.acquire()
            if self.closed:
                raise ClientClosedError("this CircleCI client is closed; create a new one")
            retry_after: float | None = None
            cause: retry.Cause
            error: CircleCIError
            sent = time.monotonic()
            self._note("request_start", method, route, api, url, attempt=attempt)
            try:
                resp = await self._send(http, method, url, data, extra_headers)
            except ConnectError as exc:
                cause, error = "connect", exc
            except TransportError as exc:
                cause, error = "transport", exc
            else:
                seen = parse_rate_limit_headers(resp.headers)
                if seen is not None:
                    self._shared.rate_headers = seen
                    self._shared.rate_seen_at = time.time()
                self._note(
                    "request_end",
                    method,
                    route,
                    api,
                    url,
                    attempt=attempt,
                    status=resp.status,
                    duration=time.monotonic() - sent,
                )
                if resp.status < 300 or (resp.status == 304 and extra_headers):
                    bucket.succeeded(sent_at)
                    return resp
                cause = resp.status
                retry_after = retry.parse_retry_after(resp.headers.get("Retry-After"))
                error = error_from_response(
                    resp.status,
                    method=method,
                    url=resp.url,
                    body=resp.body,
                    headers=resp.headers,
                    retry_after=retry_after,
                    hint=_NO_TOKEN_HINT if resp.status == 401 and self._auth is None else "",
                )
            if not isinstance(cause, int):
                self._note(
                    "request_end",
                    method,
                    route,
                    api,
                    url,
                    attempt=attempt,
                    duration=time.monotonic() - sent,
                    error=type(error).__name__,
                )
            decision = retry.decide(
                policy,
                method=method,
                cause=cause,
                attempt=attempt,
                elapsed=time.monotonic() - start,
                retry_after=retry_after,
                random=self._random.random,
            )
            wait = decision.wait * policy.scale
            if cause == 429:
                bucket.throttled(sent_at)
                if retry_after is None or retry_after <= policy.max_retry_after:
                    bucket.pause_until(time.monotonic() + wait)
                    if wait > 0:
                        self._note(
                            "rate_limit_pause", method, route, api, url, attempt=attempt, wait=wait
                        )
            if not decision.retry:
                if isinstance(error, APIStatusError) and error.retry_after is None and cause == 429:
                    error.retry_after = decision.wait or None
                raise error
            self._note(
                "retry", method, route, api, url, attempt=attempt, wait=wait, error=str(cause)
            )
            hook = self.config.on_retry
            if hook is not None:
                hook(
                    retry.RetryRecord(
                        attempt=attempt,
                        wait=wait,
                        cause=str(cause),
                        method=method,
                        url=redact_url(url),
                    )
                )
            if cause != 429:
                await anyio.sleep(wait)

    async def _send(
        self,
        http: aiohttp.ClientSession,
        method: str,
        url: str,
        data: bytes | None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Response:
        """One attempt: follow redirects by hand, attaching the token only to trusted hosts."""
        for _ in range(MAX_REDIRECTS + 1):
            try:
                async with http.request(
                    method,
                    URL(url, encoded=True),
                    # Large bodies go from a fresh buffer: aiohttp sends it in chunks.
                    data=io.BytesIO(data) if data and len(data) > _LARGE_BODY else data,
                    headers=self._headers(url, data is not None, extra_headers),
                    allow_redirects=False,
                    timeout=self._timeout,
                ) as resp:
                    location = resp.headers.get("Location")
                    if resp.status in _REDIRECT_STATUSES and location:
                        url = str(resp.url.join(URL(location)))
                        if resp.status == 303 or (resp.status in (301, 302) and method != "HEAD"):
                            method, data = ("GET" if method != "HEAD" else method), None
                        continue
                    body = await resp.read()
                    return Response(resp.status, resp.headers, body, url, method)
            except (TimeoutError, aiohttp.ClientError) as exc:
                raise _transport_error(exc, method, url) from None
        raise TransportError(f"more than {MAX_REDIRECTS} redirects", method=method, url=url)

    @asynccontextmanager
    async def stream(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        read_bufsize: int | None = None,
    ) -> AsyncIterator[StreamResponse]:
        """GET ``url`` for streaming, following redirects by hand.

        The token goes only to trusted hosts; the request is not rate limited or retried (the
        downloader does its own retries) and has no whole-request timeout. ``headers`` are
        sent on every hop; ``read_bufsize`` sets the read buffer (bigger chunks).
        """
        http = await self._http()
        for _ in range(MAX_REDIRECTS + 1):
            request_headers = self._headers(url, False)
            if headers:
                request_headers.update(headers)
            try:
                resp = await http.get(
                    URL(url, encoded=True),
                    headers=request_headers,
                    allow_redirects=False,
                    timeout=self._stream_timeout,
                    read_bufsize=read_bufsize,
                )
            except (TimeoutError, aiohttp.ClientError) as exc:
                raise _transport_error(exc, "GET", url) from None
            location = resp.headers.get("Location")
            if resp.status in _REDIRECT_STATUSES and location:
                url = str(resp.url.join(URL(location)))
                resp.release()
                continue
            try:
                yield StreamResponse(resp, "GET")
            finally:
                resp.release()
            return
        raise TransportError(f"more than {MAX_REDIRECTS} redirects", method="GET", url=url)
