"""A FIFO-fair token bucket shared by every task of one client."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Awaitable, Callable

import anyio

__all__ = ["TokenBucket"]

#: Tolerance for float rounding: a bucket 1e-12 short of a token counts as having it.
_EPSILON = 1e-9


class TokenBucket:
    """Token bucket with a steady ``rate`` (tokens per second) and a separate ``burst``.

    Waiters are served strictly first come, first served: only the head of the queue sleeps
    for tokens; the others wait for their turn. A waiter that is cancelled leaves the queue
    without consuming a token, and tokens are taken only at the instant ``acquire`` returns,
    so cancellation can neither lose nor leak tokens.

    ``pause_until(t)`` holds every waiter until the clock reaches ``t`` (a 429 with
    ``Retry-After`` pauses the whole client). With ``adaptive=True``, ``throttled()`` halves the
    rate (not below ``min_rate``) and each ``succeeded()`` wins back a little of it.
    """

    def __init__(
        self,
        rate: float,
        burst: int,
        *,
        adaptive: bool = False,
        min_rate: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError(f"rate must be > 0 and burst >= 1, got rate={rate!r} burst={burst!r}")
        self._target = rate
        self._rate = rate
        self._burst = float(burst)
        self._adaptive = adaptive
        self._min_rate = min(rate, min_rate if min_rate is not None else rate)
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(burst)
        self._stamp = clock()
        self._paused_until = -math.inf
        self._last_throttle = -math.inf
        self._waiters: deque[anyio.Event] = deque()
        self.throttle_count = 0

    def __repr__(self) -> str:
        return (
            f"TokenBucket(rate={self._rate:g}/s, burst={self._burst:g}, tokens={self.tokens:.2f}, "
            f"waiting={len(self._waiters)})"
        )

    @property
    def rate(self) -> float:
        """The current rate in tokens per second (lower than configured after throttling)."""
        return self._rate

    @property
    def burst(self) -> float:
        """The bucket's capacity."""
        return self._burst

    @property
    def tokens(self) -> float:
        """Tokens available now."""
        self._refill(self._clock())
        return self._tokens

    @property
    def paused_until(self) -> float | None:
        """Clock time until which every waiter is held, or ``None`` when not paused."""
        return self._paused_until if self._paused_until > self._clock() else None

    @property
    def waiting(self) -> int:
        """Number of tasks queued for a token."""
        return len(self._waiters)

    def _refill(self, now: float) -> None:
        if now > self._stamp:
            if math.isinf(self._rate):
                self._tokens = self._burst
            else:
                self._tokens = min(self._burst, self._tokens + (now - self._stamp) * self._rate)
            self._stamp = now

    def _try_take(self) -> float:
        """Take a token if one is free now; else return how long to wait (> 0)."""
        now = self._clock()
        self._refill(now)
        if now < self._paused_until:
            return self._paused_until - now
        if self._tokens >= 1.0 - _EPSILON:
            self._tokens = max(0.0, self._tokens - 1.0)
            return 0.0
        return (1.0 - self._tokens) / self._rate

    async def acquire(self) -> None:
        """Wait for a token, in arrival order."""
        if not self._waiters and self._try_take() == 0.0:
            return
        event = anyio.Event()
        self._waiters.append(event)
        try:
            if self._waiters[0] is not event:
                await event.wait()
            while (wait := self._try_take()) > 0.0:
                await self._sleep(wait)
        finally:
            head = self._waiters[0] is event
            self._waiters.remove(event)
            if head and self._waiters:
                self._waiters[0].set()

    def pause_until(self, when: float) -> None:
        """Hold every waiter until the clock reaches ``when`` (a pause is only ever extended)."""
        self._paused_until = max(self._paused_until, when)

    def throttled(self) -> None:
        """Record a 429: with ``adaptive``, halve the rate (at most once per second)."""
        self.throttle_count += 1
        now = self._clock()
        if self._adaptive and now - self._last_throttle >= 1.0:
            self._last_throttle = now
            self._refill(now)
            self._rate = max(self._min_rate, self._rate / 2.0)
            self._tokens = min(self._tokens, 1.0)

    def succeeded(self) -> None:
        """Record a success: with ``adaptive``, win back 2% of the configured rate."""
        if self._rate < self._target:
            self._refill(self._clock())
            self._rate = min(self._target, self._rate + self._target / 50.0)
