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
#: After a 429 the rate drops to this fraction of the rate the server accepted.
DECREASE = 0.9
#: After a decrease the rate grows by this fraction of itself per second...
PROBE_PER_SECOND = 0.005
#: ...plus as much again every this many seconds without a 429 (the probe accelerates).
PROBE_DOUBLING_SECONDS = 5.0
#: How far back (seconds) successes count when measuring the accepted rate.
_MEASURE_SECONDS = 3.0
#: A measurement over less time or fewer successes is not trusted (the rate is halved).
_MIN_MEASURE_SECONDS = 0.5
_MIN_SAMPLES = 5
_MAX_SAMPLES = 10_000


class TokenBucket:
    """Token bucket with a steady ``rate`` (tokens per second) and a separate ``burst``.

    Waiters are served strictly first come, first served: only the head of the queue sleeps
    for tokens; the others wait for their turn. A waiter that is cancelled leaves the queue
    without consuming a token, and tokens are taken only at the instant ``acquire`` returns,
    so cancellation can neither lose nor leak tokens.

    ``pause_until(t)`` holds every waiter until the clock reaches ``t`` (a 429 with
    ``Retry-After`` pauses the whole client); no tokens build up during a pause, so requests
    resume at the steady rate instead of in a burst that would be throttled again.

    With ``adaptive=True`` the rate converges on the server's real limit: ``throttled(sent_at)``
    lowers the rate to :data:`DECREASE` times the rate the server actually accepted lately
    (:meth:`accepted_rate`; never below ``min_rate``). When too little was sent to measure
    anything, a first 429 only pauses and a second one halves the rate. 429s of requests sent
    before the last decrease do not count again: the in-flight requests of one overload lower
    the rate once. ``succeeded()`` then probes upwards, slowly at first
    (:data:`PROBE_PER_SECOND`), faster the longer no 429 comes (:data:`PROBE_DOUBLING_SECONDS`),
    up to the configured rate. Each 429 costs a pause of the whole client, so the rate stays
    just under the limit and 429s stay rare.
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
        self._last_decrease = -math.inf
        self._base = rate
        self._unmeasured = False
        self._last_grow = self._stamp
        self._successes: deque[float] = deque()
        self._pauses: deque[tuple[float, float]] = deque()
        self._waiters: deque[anyio.Event] = deque()
        #: 429s recorded by :meth:`throttled`.
        self.throttle_count = 0
        #: Tokens handed out so far (requests sent through this bucket).
        self.granted = 0

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
            self.granted += 1
            return 0.0
        return (1.0 - self._tokens) / self._rate

    async def acquire(self) -> float:
        """Wait for a token, in arrival order; return the clock time it was granted."""
        if not self._waiters and self._try_take() == 0.0:
            return self._clock()
        event = anyio.Event()
        self._waiters.append(event)
        try:
            if self._waiters[0] is not event:
                await event.wait()
            while (wait := self._try_take()) > 0.0:
                await self._sleep(wait)
            return self._clock()
        finally:
            head = self._waiters[0] is event
            self._waiters.remove(event)
            if head and self._waiters:
                self._waiters[0].set()

    def pause_until(self, when: float) -> None:
        """Hold every waiter until the clock reaches ``when`` (a pause is only ever extended).

        At most one token is left in the bucket, and none accrues before ``when``.
        """
        if when <= self._paused_until:
            return
        self._paused_until = when
        now = self._clock()
        if now < when:
            self._refill(now)
            self._tokens = min(self._tokens, 1.0)
            self._stamp = max(self._stamp, when)
            if self._pauses and self._pauses[-1][1] >= now:
                self._pauses[-1] = (self._pauses[-1][0], when)
            else:
                self._pauses.append((now, when))

    def accepted_rate(self) -> float | None:
        """Requests per second the server accepted lately (``None``: too few to tell).

        Counts the successful requests *sent* in the last few seconds over the time they
        were sent in, pauses left out: idle time and in-flight requests do not skew it.
        """
        self._forget(self._clock() - _MEASURE_SECONDS)
        if len(self._successes) < _MIN_SAMPLES:
            return None
        start, end = min(self._successes), max(self._successes)
        active = end - start
        for p_start, p_end in self._pauses:
            active -= max(0.0, min(p_end, end) - max(p_start, start))
        if active < _MIN_MEASURE_SECONDS:
            return None
        return (len(self._successes) - 1) / active

    def _forget(self, start: float) -> None:
        while self._successes and self._successes[0] < start:
            self._successes.popleft()
        if len(self._successes) > _MAX_SAMPLES:
            self._successes.popleft()
        while self._pauses and self._pauses[0][1] < start:
            self._pauses.popleft()

    def throttled(self, sent_at: float | None = None) -> None:
        """Record a 429 of a request sent at ``sent_at`` (clock time; ``None``: now).

        With ``adaptive``, lower the rate to :data:`DECREASE` times the accepted rate (or
        halve it when that cannot be measured yet), unless the request was sent before the
        last decrease: the in-flight requests of one overload count once.
        """
        self.throttle_count += 1
        now = self._clock()
        if not self._adaptive or (sent_at if sent_at is not None else now) < self._last_decrease:
            return
        self._refill(now)
        accepted = self.accepted_rate()
        if accepted is not None:
            self._rate = max(self._min_rate, min(self._rate, accepted) * DECREASE)
        elif self._unmeasured:
            self._rate = max(self._min_rate, self._rate / 2.0)
        self._unmeasured = accepted is None
        self._base = self._rate
        self._last_decrease = now
        self._last_grow = now
        self._tokens = min(self._tokens, 1.0)

    def succeeded(self, sent_at: float | None = None) -> None:
        """Record a success of a request sent at ``sent_at`` (clock time; ``None``: now).

        With ``adaptive``, let the rate climb back (see the class).
        """
        now = self._clock()
        if not self._adaptive:
            return
        self._successes.append(sent_at if sent_at is not None else now)
        self._forget(now - _MEASURE_SECONDS)
        if self._rate >= self._target:
            self._last_grow = now
            return
        dt = max(0.0, now - self._last_grow)
        self._last_grow = now
        self._refill(now)
        since = now - self._last_decrease
        growth = PROBE_PER_SECOND * self._base * (1.0 + since / PROBE_DOUBLING_SECONDS)
        self._rate = min(self._target, self._rate + growth * dt)
