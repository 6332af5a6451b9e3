"""Token bucket with a fake clock: rate, burst, FIFO order, pause_until, cancellation."""

from __future__ import annotations

import anyio
import anyio.lowlevel
import pytest

from circleci_async._http.ratelimit import DECREASE, TokenBucket

pytestmark = pytest.mark.anyio


class FakeClock:
    """Time that only moves when a waiter sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await anyio.lowlevel.checkpoint()


def bucket(clock: FakeClock, rate: float = 10.0, burst: int = 5, **kw: object) -> TokenBucket:
    return TokenBucket(rate, burst, clock=clock, sleep=clock.sleep, **kw)  # type: ignore[arg-type]


async def test_burst_is_free_then_the_rate_applies() -> None:
    clock = FakeClock()
    b = bucket(clock, rate=10.0, burst=5)
    for _ in range(5):
        await b.acquire()
    assert clock.now == 1000.0
    for _ in range(10):
        await b.acquire()
    assert clock.now == pytest.approx(1001.0)


async def test_rate_and_burst_are_independent() -> None:
    clock = FakeClock()
    b = bucket(clock, rate=2.0, burst=1)
    await b.acquire()
    await b.acquire()
    await b.acquire()
    assert clock.now == pytest.approx(1001.0)
    clock.now += 100  # a long quiet period refills to burst (1), not more
    await b.acquire()
    start = clock.now
    await b.acquire()
    assert clock.now - start == pytest.approx(0.5)


async def test_waiters_are_served_in_arrival_order() -> None:
    clock = FakeClock()
    b = bucket(clock, rate=1.0, burst=1)
    await b.acquire()
    order: list[int] = []

    async def worker(i: int) -> None:
        await b.acquire()
        order.append(i)

    async with anyio.create_task_group() as tg:
        for i in range(6):
            tg.start_soon(worker, i)
            await anyio.lowlevel.checkpoint()
    assert order == list(range(6))
    assert clock.now == pytest.approx(1006.0)


async def test_pause_until_holds_every_waiter() -> None:
    clock = FakeClock()
    b = bucket(clock, rate=100.0, burst=10)
    b.pause_until(1030.0)
    assert b.paused_until == 1030.0
    done: list[float] = []

    async def worker() -> None:
        await b.acquire()
        done.append(clock.now)

    async with anyio.create_task_group() as tg:
        for _ in range(4):
            tg.start_soon(worker)
    assert len(done) == 4
    assert min(done) >= 1030.0
    assert b.paused_until is None


async def test_pause_is_only_extended() -> None:
    clock = FakeClock()
    b = bucket(clock)
    b.pause_until(1010.0)
    b.pause_until(1005.0)
    assert b.paused_until == 1010.0


async def test_cancelled_waiters_neither_consume_nor_leak_tokens() -> None:
    clock = FakeClock()
    b = bucket(clock, rate=1.0, burst=3)
    for _ in range(3):
        await b.acquire()
    assert b.tokens == 0.0

    async def never_gets_one() -> None:
        await b.acquire()

    async with anyio.create_task_group() as tg:
        for _ in range(5):
            tg.start_soon(never_gets_one)
        await anyio.lowlevel.checkpoint()
        assert b.waiting == 5
        tg.cancel_scope.cancel()
    assert b.waiting == 0
    # The head slept a little while waiting; cancellation must not have taken its token.
    elapsed = clock.now - 1000.0
    assert b.tokens == pytest.approx(min(3.0, elapsed * 1.0))
    # And the queue works afterwards: the next waiter is served normally.
    await b.acquire()
    assert b.waiting == 0


async def test_cancelling_the_head_hands_over_to_the_next_waiter() -> None:
    clock = FakeClock()
    real_sleep_started = anyio.Event()

    async def blocking_sleep(seconds: float) -> None:
        real_sleep_started.set()
        await anyio.sleep_forever()

    b = TokenBucket(1.0, 1, clock=clock, sleep=blocking_sleep)
    await b.acquire()
    served: list[str] = []

    async def second() -> None:
        await b.acquire()
        served.append("second")

    head_scope = anyio.CancelScope()

    async def head() -> None:
        with head_scope:
            await b.acquire()
            served.append("head")

    async with anyio.create_task_group() as tg:
        tg.start_soon(head)
        await real_sleep_started.wait()
        tg.start_soon(second)
        await anyio.lowlevel.checkpoint()
        assert b.waiting == 2
        clock.now += 1.0  # a token is now due
        head_scope.cancel()
    assert served == ["second"]
    assert b.waiting == 0


def serve(b: TokenBucket, clock: FakeClock, per_second: float, seconds: float) -> None:
    """Record successes of requests sent at ``per_second`` for ``seconds`` (fake time)."""
    for _ in range(round(per_second * seconds)):
        clock.now += 1.0 / per_second
        b.succeeded(clock.now)


async def test_adaptive_rate_drops_to_below_the_accepted_rate() -> None:
    clock = FakeClock()
    b = bucket(clock, rate=50.0, burst=5, adaptive=True, min_rate=1.0)
    serve(b, clock, 20.0, 2.0)  # the server accepted 20/s although we could send 50/s
    sent = clock.now
    clock.now += 0.1  # the 429 comes back a little later
    b.throttled(sent)
    assert b.accepted_rate() == pytest.approx(20.0, rel=0.05)
    assert b.rate == pytest.approx(20.0 * DECREASE, rel=0.05)
    lowered = b.rate
    b.throttled(sent)  # another 429 of the same overload (sent before the decrease)
    assert b.rate == lowered and b.throttle_count == 2


async def test_adaptive_rate_probes_back_up_slowly_then_faster() -> None:
    clock = FakeClock()
    b = bucket(clock, rate=50.0, burst=5, adaptive=True, min_rate=1.0)
    serve(b, clock, 20.0, 2.0)
    b.throttled(clock.now)
    start = b.rate
    serve(b, clock, start, 1.0)
    first_second = b.rate - start
    assert 0 < first_second < start * 0.01  # the probe starts slow
    serve(b, clock, b.rate, 9.0)
    before = b.rate
    serve(b, clock, b.rate, 1.0)
    assert b.rate - before > 2 * first_second  # and speeds up without 429s
    serve(b, clock, b.rate, 120.0)
    assert b.rate == 50.0  # never above the configured rate


async def test_unmeasured_429_pauses_first_and_halves_the_second_time() -> None:
    clock = FakeClock()
    b = bucket(clock, rate=10.0, burst=5, adaptive=True, min_rate=1.0)
    b.throttled(clock.now)  # nothing measured yet: only the pause applies
    assert b.rate == 10.0
    clock.now += 0.1
    b.throttled(clock.now)
    assert b.rate == 5.0
    for _ in range(10):
        clock.now += 0.1
        b.throttled(clock.now)
    assert b.rate == 1.0  # floor


async def test_no_tokens_build_up_during_a_pause() -> None:
    clock = FakeClock()
    b = bucket(clock, rate=10.0, burst=5)
    b.pause_until(clock.now + 3.0)
    clock.now += 3.0
    assert b.tokens <= 1.0  # not 5: requests resume at the rate, not in a burst
    granted = b.granted
    for _ in range(3):
        await b.acquire()
    assert b.granted == granted + 3
    assert sum(clock.sleeps) == pytest.approx(0.2)


async def test_accepted_rate_counts_send_times_and_skips_pauses() -> None:
    clock = FakeClock()
    b = bucket(clock, rate=50.0, burst=5, adaptive=True)
    assert b.accepted_rate() is None
    serve(b, clock, 10.0, 1.0)
    b.pause_until(clock.now + 1.0)
    clock.now += 1.0
    serve(b, clock, 10.0, 1.0)
    assert b.accepted_rate() == pytest.approx(10.0, rel=0.1)


async def test_non_adaptive_bucket_keeps_its_rate() -> None:
    clock = FakeClock()
    b = bucket(clock, rate=10.0, burst=5)
    b.throttled()
    assert b.rate == 10.0


def test_invalid_parameters() -> None:
    with pytest.raises(ValueError, match="rate"):
        TokenBucket(0, 1)
    with pytest.raises(ValueError, match="burst"):
        TokenBucket(1, 0)


async def test_unlimited_rate_never_waits() -> None:
    clock = FakeClock()
    b = bucket(clock, rate=float("inf"), burst=1)
    for _ in range(100):
        await b.acquire()
    assert clock.sleeps == []
