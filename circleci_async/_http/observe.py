"""Observability: request events, the ``circleci_async`` logger, and rate-limit headers."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Event",
    "EventKind",
    "RateLimitHeaders",
    "RateLimitStatus",
    "emit",
    "logger",
    "parse_rate_limit_headers",
]

#: Every log record of the library goes to this logger (or a child). Lines carry method,
#: redacted URL, status, timing and attempt; never a header, so never the token.
logger = logging.getLogger("circleci_async")

#: ``request_start``: an attempt is about to be sent (its rate-limit token is taken).
#: ``request_end``: an attempt got a response (``status``) or failed (``error``).
#: ``retry``: a failed attempt will be retried after ``wait`` seconds.
#: ``rate_limit_pause``: a 429 paused every task of the client for ``wait`` seconds.
#: ``cache_hit``: a fresh cached response was returned without a request.
#: ``cache_revalidated``: the server answered 304 and the cached body was returned.
EventKind = Literal[
    "request_start", "request_end", "retry", "rate_limit_pause", "cache_hit", "cache_revalidated"
]


@dataclass(frozen=True, slots=True)
class Event:
    """What the ``on_event`` hook receives. URLs are redacted; no header is ever included.

    ``route`` is the route template (``/project/{project_slug}/pipeline``), good for metrics
    labels; ``url`` the concrete, redacted URL. ``duration`` (seconds) is set on
    ``request_end``; ``wait`` (seconds) on ``retry`` and ``rate_limit_pause``.
    """

    kind: EventKind
    method: str
    route: str
    url: str
    api: str
    attempt: int = 0
    status: int | None = None
    duration: float | None = None
    wait: float | None = None
    error: str | None = None


EventHook = Callable[[Event], object]


def emit(hook: EventHook | None, event: Event) -> None:
    """Call ``hook`` with ``event``; an exception in the hook is logged, never raised."""
    if hook is None:
        return
    try:
        hook(event)
    except Exception:
        logger.exception("on_event hook raised for a %s event", event.kind)


@dataclass(frozen=True, slots=True)
class RateLimitHeaders:
    """The ``RateLimit-*`` / ``X-RateLimit-*`` values of one response."""

    limit: int | None
    remaining: int | None
    #: Wall-clock (``time.time()``) instant the window resets, if the server said.
    reset_at: float | None


@dataclass(frozen=True, slots=True)
class RateLimitStatus:
    """A snapshot of what is known about rate limiting, from both sides.

    ``limit``, ``remaining`` and ``reset_at`` are the last values the server sent in
    ``RateLimit-*`` or ``X-RateLimit-*`` headers (``None`` until one was seen). ``tokens``,
    ``rate``, ``waiting`` and ``paused_until`` describe the client's own token bucket;
    ``paused_until`` is a wall-clock time (``time.time()``), ``None`` when not paused.
    """

    limit: int | None
    remaining: int | None
    reset_at: float | None
    observed_at: float | None
    tokens: float
    rate: float
    waiting: int
    paused_until: float | None

    @property
    def reset_in(self) -> float | None:
        """Seconds until the server's window resets (0 when past), or ``None``."""
        return None if self.reset_at is None else max(0.0, self.reset_at - time.time())


#: ``RateLimit-Reset`` is delta-seconds in the IETF draft, but some servers send a UNIX time in
#: ``X-RateLimit-Reset``; a value this large can only be an absolute time.
_EPOCH_THRESHOLD = 1e9


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(value.strip().split(",")[0].split(";")[0])
    except ValueError:
        return None
    return number if number >= 0 else None


def parse_rate_limit_headers(
    headers: Mapping[str, str], now: float | None = None
) -> RateLimitHeaders | None:
    """Parse ``RateLimit-Limit/Remaining/Reset`` (else the ``X-`` forms); ``None`` if absent.

    A reset is delta-seconds, or a UNIX time when it is larger than 10⁹; ``now`` is the
    wall-clock time the response arrived (default ``time.time()``). Unparsable values are
    ignored rather than raised: a header must never break a request.
    """
    values: dict[str, str | None] = {}
    for name in ("Limit", "Remaining", "Reset"):
        value = headers.get(f"RateLimit-{name}")
        if value is None:
            value = headers.get(f"X-RateLimit-{name}")
        values[name] = value
    if all(v is None for v in values.values()):
        return None
    reset_at = None
    raw_reset = values["Reset"]
    if raw_reset is not None:
        try:
            reset = float(raw_reset.strip())
        except ValueError:
            reset = math.nan
        if math.isfinite(reset) and reset >= 0:
            now = time.time() if now is None else now
            reset_at = reset if reset > _EPOCH_THRESHOLD else now + reset
    return RateLimitHeaders(_int(values["Limit"]), _int(values["Remaining"]), reset_at)
