"""One client under load: 1,000 tasks, bounded connections, fairness, cancellation, close."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable

import anyio
import pytest

from circleci_async import (
    CircleCI,
    CircleCIError,
    ClientClosedError,
    Event,
    RateLimit,
    RetryPolicy,
)
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio


async def until(condition: Callable[[], bool], limit: float = 10.0) -> None:
    """Poll ``condition()`` until true (a deadline, not a timing assertion)."""
    with anyio.fail_after(limit):
        while True:
            if condition():
                return
            await asyncio.sleep(0.01)


class Peak:
    """Samples the fake's open API connections while a block runs."""

    def __init__(self, fake: FakeCircleCI) -> None:
        self.fake = fake
        self.peak = 0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            self.peak = max(self.peak, self.fake.open_connections("api"))
            await asyncio.sleep(0.002)

    async def __aenter__(self) -> Peak:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


async def test_1000_tasks_x5_calls_with_faults_on_one_client(fake: FakeCircleCI) -> None:
    fake.faults.error_rate = 0.05
    fake.faults.latency = 0.001
    limit = 8
    ok = errors = 0
    async with CircleCI(
        host=fake.url,
        token=fake.token,
        max_connections=limit,
        rate_limit=RateLimit.unlimited(),
        retry=RetryPolicy.testing(attempts=2),
    ) as cci:

        async def worker(i: int) -> None:
            nonlocal ok, errors
            for j in range(5):
                try:
                    if (i + j) % 2:
                        await cci.users.me()
                    else:
                        await cci.projects.get("gh/acme/api")
                except CircleCIError:
                    errors += 1  # typed: a 503 that outlived its retry
                else:
                    ok += 1

        async with Peak(fake) as peak:
            await asyncio.gather(*(worker(i) for i in range(1000)))
        assert ok + errors == 5000
        assert ok > 4500 and errors > 0  # ~0.25% of calls fail twice in a row
        assert 1 <= peak.peak <= limit
        assert fake.open_connections("api") <= limit
    await until(lambda: fake.open_connections() == 0)


async def test_the_rate_limiter_serves_tasks_in_arrival_order(fake: FakeCircleCI) -> None:
    order: list[str] = []

    def record(event: Event) -> None:
        if event.kind == "request_start":
            task = asyncio.current_task()
            assert task is not None
            order.append(task.get_name())

    async with CircleCI(
        host=fake.url,
        token=fake.token,
        max_connections=4,
        rate_limit=RateLimit(per_second=1000, burst=1, adaptive=False),
        on_event=record,
    ) as cci:

        async def worker() -> None:
            for _ in range(3):
                await cci.users.me()

        tasks = [asyncio.create_task(worker(), name=f"t{i}") for i in range(200)]
        with anyio.fail_after(60):
            await asyncio.gather(*tasks)
    assert len(order) == 600
    # No task gets a second turn before every task has had its first: nobody starves.
    assert order[:200] == [f"t{i}" for i in range(200)]
    assert set(order[200:400]) == set(order[:200])


async def test_cancelling_half_the_tasks_leaves_the_client_healthy(fake: FakeCircleCI) -> None:
    fake.faults.latency = 0.02
    starts = 0

    def count(event: Event) -> None:
        nonlocal starts
        if event.kind == "request_start":
            starts += 1

    rng = random.Random(7)
    limit = 10
    async with CircleCI(
        host=fake.url,
        token=fake.token,
        max_connections=limit,
        # 50 go at once, the rest queue in the bucket: cancellations hit every stage
        rate_limit=RateLimit(per_second=400, burst=50, adaptive=False),
        retry=RetryPolicy.testing(),
        on_event=count,
    ) as cci:
        bucket = cci.rate_limiter
        tasks = [asyncio.create_task(cci.users.me()) for _ in range(400)]
        doomed = rng.sample(tasks, 200)
        # cancel at random points: queued in the bucket, held by a pause, waiting for a
        # connection, or with the request on the wire
        for i, task in enumerate(sorted(doomed, key=lambda _: rng.random())):
            if i == 50:
                bucket.pause_until(time.monotonic() + 0.1)
            await asyncio.sleep(rng.uniform(0, 0.005))
            task.cancel()
        with anyio.fail_after(60):
            results = await asyncio.gather(*tasks, return_exceptions=True)
        survivors = [r for t, r in zip(tasks, results, strict=True) if t not in doomed]
        cancelled = [r for t, r in zip(tasks, results, strict=True) if t in doomed]
        assert all(getattr(r, "login", None) == "octocat" for r in survivors)
        assert all(
            isinstance(r, asyncio.CancelledError) or getattr(r, "login", None) == "octocat"
            for r in cancelled
        )
        assert sum(isinstance(r, asyncio.CancelledError) for r in cancelled) > 0
        # the bucket: nobody left waiting, no pause stuck, and every token it handed out
        # started an attempt (a cancelled waiter took none)
        assert bucket.waiting == 0 and bucket.paused_until is None
        assert bucket.granted == starts
        assert len(fake.requests_to("/api/v2/me")) <= starts
        assert fake.open_connections("api") <= limit
        # and the client still works
        assert (await cci.users.me()).login == "octocat"
    await until(lambda: fake.open_connections() == 0)


async def test_closing_cancels_requests_in_flight_with_client_closed_error(
    fake: FakeCircleCI,
) -> None:
    fake.faults.latency = 30.0  # requests stay on the wire until the close
    cci = CircleCI(
        host=fake.url, token=fake.token, max_connections=5, rate_limit=RateLimit.unlimited()
    )
    await cci.__aenter__()
    on_wire = [asyncio.create_task(cci.users.me()) for _ in range(5)]
    waiting = [asyncio.create_task(cci.users.me()) for _ in range(5)]  # for a connection
    await until(lambda: len(fake.requests) == 5)
    copy = cci.with_options(retry=RetryPolicy.testing())
    cci.rate_limiter.pause_until(time.monotonic() + 60)
    paused = asyncio.create_task(copy.users.me())  # held by the 429-style pause
    await until(lambda: cci.rate_limiter.waiting == 1)
    with anyio.fail_after(10):
        await cci.aclose()
        results = await asyncio.gather(*on_wire, *waiting, paused, return_exceptions=True)
    assert all(isinstance(r, ClientClosedError) for r in results), results
    assert "closed while this request was in flight" in str(results[0])
    await until(lambda: fake.open_connections() == 0)


async def test_a_task_cancelled_by_its_owner_during_close_stays_cancelled(
    fake: FakeCircleCI,
) -> None:
    fake.faults.latency = 30.0
    cci = CircleCI(host=fake.url, token=fake.token)
    await cci.__aenter__()
    task = asyncio.create_task(cci.users.me())
    await until(lambda: len(fake.requests) == 1)
    task.cancel()
    await cci.aclose()
    with pytest.raises(asyncio.CancelledError), anyio.fail_after(10):
        await task


async def test_using_a_closed_client_raises_a_clear_error(fake: FakeCircleCI) -> None:
    async with CircleCI(host=fake.url, token=fake.token) as cci:
        await cci.users.me()
    copy = cci.with_options(retry=RetryPolicy.testing())
    for call in (cci.users.me, copy.users.me, lambda: cci.request("GET", "/me")):
        with pytest.raises(ClientClosedError, match="closed"):
            await call()
    with pytest.raises(ClientClosedError, match="create a new one"):
        async with cci:
            pass
    assert cci.closed and copy.closed
