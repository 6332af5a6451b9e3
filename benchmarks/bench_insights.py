"""Insights collection for many projects against a fake server limited to R requests/s.

Collects workflow metrics + workflow runs + job metrics for every project twice: with the
collector (fan-out paced by the client's adaptive token bucket, which starts above R and must
converge on it) and sequentially, one request at a time, as a script following the seeds
would. Prints the achieved rate as a fraction of R, the 429s received, the time against the
ideal (requests / R), and the speed-up over the sequential run.

Run: ``python benchmarks/bench_insights.py [--projects 200] [--rate 25] [--latency 0.1]``.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from circleci_async import CircleCI, RateLimit
from circleci_async.insights import collect
from circleci_async.testing import FakeCircleCI, FakeData

KINDS = ("workflow_metrics", "workflow_run", "job_metrics")


def make_data(projects: int) -> FakeData:
    data = FakeData(projects=0, artifacts_per_job=0)
    for i in range(projects):
        slug = f"gh/bench/project-{i:03d}"
        data.add_project(slug)
        for n in range(12):
            data.add_pipeline(slug, branch="main" if n % 4 else "dev")
    return data


async def sequential(fake: FakeCircleCI, slugs: list[str]) -> tuple[int, float]:
    """One request at a time, no client-side limit: what a loop of curl calls does."""
    async with CircleCI(host=fake.url, token=fake.token, rate_limit=RateLimit.unlimited()) as cci:
        start = time.perf_counter()
        records = 0
        for slug in slugs:
            for wf in await cci.insights.workflows(slug):
                records += 1
                records += len(await cci.insights.workflow_runs(slug, wf.name))
                records += len(await cci.insights.workflow_jobs(slug, wf.name))
        return records, time.perf_counter() - start


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--rate", type=float, default=25.0, help="server limit R (requests/s)")
    parser.add_argument("--burst", type=int, default=5, help="server burst")
    parser.add_argument("--latency", type=float, default=0.1, help="server latency (s)")
    parser.add_argument(
        "--client-rate", type=float, default=None, help="client's configured rate (default 2R)"
    )
    parser.add_argument("--skip-sequential", action="store_true")
    args = parser.parse_args()
    r = args.rate
    client_rate = args.client_rate or 2 * r
    fake = FakeCircleCI(data=make_data(args.projects), rate_limit=r)
    fake.faults.rate_burst = args.burst
    fake.faults.latency = args.latency
    slugs = sorted(fake.data.projects)
    async with fake:
        limit = RateLimit(per_second=client_rate, burst=max(1, int(client_rate / 5)))
        async with CircleCI(host=fake.url, token=fake.token, rate_limit=limit) as cci:
            await asyncio.sleep(1.0)  # let the server's bucket fill like a quiet server's
            collection = collect(cci, slugs, kinds=KINDS)
            records = [rec async for rec in collection]
            stats = collection.stats
            final_rate = cci.rate_limiter.rate
        ideal = stats.requests / r
        print(
            f"collector: {args.projects} projects, {len(records)} records, "
            f"{stats.requests} requests in {stats.elapsed:.1f} s; "
            f"server limit R={r:g}/s (burst {args.burst}), latency {args.latency:g} s, "
            f"client configured at {client_rate:g}/s"
        )
        print(f"  achieved rate / R       {stats.rate / r:.2f}  ({stats.rate:.1f} req/s)")
        print(f"  429s received           {stats.throttled}")
        print(f"  ideal time / actual     {ideal / stats.elapsed:.2f}  (ideal {ideal:.1f} s)")
        print(f"  client rate at the end  {final_rate:.1f}/s")
        print(f"  failed projects         {len(collection.failures)}")
        if not args.skip_sequential:
            fake.faults.rate_burst = args.burst
            await asyncio.sleep(1.0)
            before = fake.count_statuses(429)
            seq_records, seq_time = await sequential(fake, slugs)
            print(
                f"sequential: {seq_records} records in {seq_time:.1f} s, "
                f"{fake.count_statuses(429) - before} 429s"
            )
            print(f"  collector speed-up over sequential  {seq_time / stats.elapsed:.2f}x")


if __name__ == "__main__":
    asyncio.run(main())
