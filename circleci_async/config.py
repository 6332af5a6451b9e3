"""Client configuration: every tunable default lives in this module.

| setting | default | meaning |
|---|---|---|
| ``RateLimit.per_second`` | 10.0 | steady request rate of one client (all tasks) |
| ``RateLimit.burst`` | 20 | requests that may go out at once after a quiet period |
| ``RateLimit.adaptive`` | True | a 429 lowers the rate below the accepted rate; it probes back up |
| ``RateLimit.min_per_second`` | 0.5 | the adaptive rate never drops below this |
| ``RetryPolicy.attempts`` | 5 | attempts per request, the first one included |
| ``RetryPolicy.budget`` | 120.0 s | no retry would end later than this after the first try |
| ``RetryPolicy.initial_wait`` | 0.5 s | backoff before the first retry (before jitter) |
| ``RetryPolicy.max_wait`` | 30.0 s | backoff never exceeds this (before jitter) |
| ``RetryPolicy.jitter`` | True | full jitter: the wait is uniform in ``[0, backoff]`` |
| ``RetryPolicy.max_retry_after`` | 60.0 s | a longer ``Retry-After`` raises ``RateLimited`` |
| ``Timeouts.connect`` | 10.0 s | establishing a connection |
| ``Timeouts.read`` | 60.0 s | longest silence while reading a response |
| ``Timeouts.total`` | 300.0 s | whole API request; never applied to artifact downloads |
| ``ClientConfig.auth`` | ``circle-token`` | or ``basic`` or ``bearer`` |
| ``ClientConfig.max_connections`` | 100 | open connections of one client (all hosts) |
| ``ClientConfig.trusted_hosts`` | ``()`` | extra host names (suffix match) given the token |
| ``ClientConfig.on_event`` | ``None`` | hook called with every request/retry/pause/cache event |
| ``ClientConfig.cache`` | ``None`` | an ``HTTPCache`` for GET responses (opt-in) |
| ``HTTPCache.max_bytes`` | 16 MiB | memory bound of the cache (LRU eviction) |
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from circleci_async._http.cache import HTTPCache
    from circleci_async._http.observe import Event
    from circleci_async._http.retry import RetryRecord

__all__ = [
    "AuthScheme",
    "ClientConfig",
    "RateLimit",
    "RetryPolicy",
    "Timeouts",
    "DEFAULT_HOST",
]

DEFAULT_HOST = "https://circleci.com"
AuthScheme = Literal["circle-token", "basic", "bearer"]


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(message)


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Network timeouts in seconds (``None`` disables one)."""

    connect: float | None = 10.0
    read: float | None = 60.0
    total: float | None = 300.0

    def __post_init__(self) -> None:
        for name in ("connect", "read", "total"):
            value = getattr(self, name)
            _check(
                value is None or value > 0, f"Timeouts.{name} must be > 0 or None, got {value!r}"
            )


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and how long to wait before retrying a failed request.

    ``scale`` multiplies every real wait (backoff and ``Retry-After``) without changing the
    decisions: ``RetryPolicy.testing()`` sets it to 0 so tests run without sleeping.
    """

    attempts: int = 5
    budget: float = 120.0
    initial_wait: float = 0.5
    max_wait: float = 30.0
    jitter: bool = True
    max_retry_after: float = 60.0
    scale: float = 1.0

    def __post_init__(self) -> None:
        _check(self.attempts >= 1, f"RetryPolicy.attempts must be >= 1, got {self.attempts!r}")
        for name in ("budget", "initial_wait", "max_wait", "max_retry_after", "scale"):
            value = getattr(self, name)
            _check(value >= 0, f"RetryPolicy.{name} must be >= 0, got {value!r}")

    @classmethod
    def testing(cls, attempts: int = 5) -> RetryPolicy:
        """Return a policy that makes the same decisions but never sleeps."""
        return cls(attempts=attempts, jitter=False, scale=0.0)

    @classmethod
    def disabled(cls) -> RetryPolicy:
        """Return a policy that never retries."""
        return cls(attempts=1)


@dataclass(frozen=True, slots=True)
class RateLimit:
    """Client-side token bucket: a steady ``per_second`` rate and a separate ``burst``."""

    per_second: float = 10.0
    burst: int = 20
    adaptive: bool = True
    min_per_second: float = 0.5

    def __post_init__(self) -> None:
        _check(self.per_second > 0, f"RateLimit.per_second must be > 0, got {self.per_second!r}")
        _check(self.burst >= 1, f"RateLimit.burst must be >= 1, got {self.burst!r}")
        _check(
            0 < self.min_per_second <= self.per_second,
            f"RateLimit.min_per_second must be in (0, per_second], got {self.min_per_second!r}",
        )

    @classmethod
    def unlimited(cls) -> RateLimit:
        """Return a limit that never delays a request (429s still pause the client)."""
        return cls(per_second=math.inf, burst=1_000_000, adaptive=False)


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """Everything tunable about a client, bundled. Holds no secret."""

    rate_limit: RateLimit = field(default_factory=RateLimit)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeouts: Timeouts = field(default_factory=Timeouts)
    auth: AuthScheme = "circle-token"
    trusted_hosts: tuple[str, ...] = ()
    max_connections: int = 100
    on_retry: Callable[[RetryRecord], object] | None = field(default=None, compare=False)
    #: Called with every ``Event`` (request start/end, retry, rate-limit pause, cache use).
    on_event: Callable[[Event], object] | None = field(default=None, compare=False)
    #: Opt-in HTTP cache for GET responses (``None``: no caching).
    cache: HTTPCache | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        _check(
            self.auth in ("circle-token", "basic", "bearer"),
            f"ClientConfig.auth must be 'circle-token', 'basic' or 'bearer', got {self.auth!r}",
        )
        _check(
            self.max_connections >= 1,
            f"ClientConfig.max_connections must be >= 1, got {self.max_connections!r}",
        )
        _check(
            not isinstance(self.trusted_hosts, str),
            "ClientConfig.trusted_hosts must be a tuple of host names, not a string",
        )
