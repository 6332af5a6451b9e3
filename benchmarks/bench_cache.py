"""A polling dashboard with and without ``HTTPCache``: requests sent and time, ratio printed.

The same 50 GETs every 5 seconds for a minute of simulated time (12 rounds), against the fake
server with per-request latency. The cache's clock is simulated, so a minute passes in a few
seconds; the server's ``Cache-Control`` values are scripted here (CircleCI publishes none for
v2), and every GET also carries an ``ETag``, so stale entries are revalidated with 304s.
Run: ``python benchmarks/bench_cache.py [--latency S] [--rounds N] [--interval S]``.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from circleci_async import CircleCI, HTTPCache, RateLimit
from circleci_async.testing import FakeCircleCI

#: What the fake answers in ``Cache-Control``, per route.
RULES = [
    (r"/api/v2/me", "private, max-age=60"),
    (r"/api/v2/project/[^/]+", "private, max-age=300"),
    (r"/api/v2/project/[^/]+/pipeline", "private, max-age=10"),
    (r"/api/v2/pipeline/[^/]+", "private, max-age=30"),
    (r"/api/v2/pipeline/[^/]+/workflow", "private, no-cache"),
]


class SimClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def dashboard_paths(cci: CircleCI, fake: FakeCircleCI) -> list[str]:
    """The 50 GETs of one dashboard refresh."""
    paths = ["/me"]
    for slug in list(fake.data.projects)[:3]:
        encoded = slug.replace("/", "%2F")
        paths += [f"/project/{encoded}", f"/project/{encoded}/pipeline"]
    pipelines = await cci.pipelines.list("gh/acme/api").collect(limit=22)
    for p in pipelines:
        paths += [f"/pipeline/{p.id}", f"/pipeline/{p.id}/workflow"]
    return paths[:50]


async def run_dashboard(
    fake: FakeCircleCI,
    paths: list[str],
    rounds: int,
    interval: float,
    cache: HTTPCache | None,
    clock: SimClock,
) -> tuple[int, int, float]:
    before_requests, before_304 = len(fake.requests), fake.count_statuses(304)
    start = time.perf_counter()
    async with CircleCI(
        host=fake.url, token=fake.token, cache=cache, rate_limit=RateLimit.unlimited()
    ) as cci:
        for _ in range(rounds):
            await asyncio.gather(*(cci.request("GET", p) for p in paths))
            clock.now += interval
    wall = time.perf_counter() - start
    return len(fake.requests) - before_requests, fake.count_statuses(304) - before_304, wall


async def main_async(latency: float, rounds: int, interval: float) -> None:
    async with FakeCircleCI() as fake:
        fake.cache_rules = RULES
        async with CircleCI(host=fake.url, token=fake.token) as cci:
            paths = await dashboard_paths(cci, fake)
        fake.faults.latency = latency
        calls = len(paths) * rounds
        print(
            f"{len(paths)} GETs every {interval:g} s for {rounds * interval:g} s of simulated time"
            f" ({calls} calls), server latency {latency * 1000:g} ms"
        )
        print(
            f"{'':<12} {'requests':>8} {'of them 304':>11} {'bodies':>7} {'wall s':>7}"
            f" {'at 10 req/s':>12}"
        )
        results = {}
        clock = SimClock()
        for name, cache in (("no cache", None), ("HTTPCache", HTTPCache(clock=clock))):
            sent, not_modified, wall = await run_dashboard(
                fake, paths, rounds, interval, cache, clock
            )
            results[name] = (sent, wall)
            print(
                f"{name:<12} {sent:>8} {not_modified:>11} {sent - not_modified:>7} {wall:>7.2f}"
                f" {sent / 10:>11.0f}s"
            )
        (plain_sent, plain_wall), (cached_sent, cached_wall) = results.values()
        print(
            f"requests saved: {plain_sent - cached_sent} ({1 - cached_sent / plain_sent:.0%}); "
            f"requests ratio no-cache/cache = {plain_sent / cached_sent:.2f}; "
            f"wall-time speedup = {plain_wall / cached_wall:.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.05, help="server seconds per request")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--interval", type=float, default=5.0, help="simulated seconds")
    args = parser.parse_args()
    asyncio.run(main_async(args.latency, args.rounds, args.interval))


if __name__ == "__main__":
    main()
