"""Token bucket with a fake clock: rate, burst, FIFO order, pause_until, cancellation."""

from __future__ import annotations

import anyio
import anyio.lowlevel
import pytest

from circleci_async._http.ratelimit import TokenBucket

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


async def test_adaptive_rate_halves_on_throttle_and_recovers_gradually() -> None:
    clock = FakeClock()
    b = bucket(clock, rate=10.0, burst=5, adaptive=True, min_rate=1.0)
    b.throttled()
    assert b.rate == 5.0
    b.throttled()  # within the same second: counted, not halved again
    assert b.rate == 5.0 and b.throttle_count == 2
    clock.now += 1.0
    for _ in range(4):
        b.throttled()
        clock.now += 1.0
    assert b.rate == 1.0  # floor
    for _ in range(10):
        b.succeeded()
    assert b.rate == pytest.approx(3.0)
    for _ in range(100):
        b.succeeded()
    assert b.rate == 10.0


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
