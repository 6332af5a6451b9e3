"""Per-request overhead: ``cci.users.me()`` versus raw aiohttp + ``json.loads``.

The fake server runs in another process; only this process's CPU time is counted.
Run: ``python benchmarks/bench_overhead.py [--requests N] [--rounds R]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _fakeproc import fake_server

from circleci_async import CircleCI, RateLimit

CONCURRENCY = 32


async def measure(
    n: int, concurrent: bool, call: Callable[[], Awaitable[object]]
) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    if concurrent:
        sem = asyncio.Semaphore(CONCURRENCY)

        async def one() -> None:
            async with sem:
                await call()

        await asyncio.gather(*(one() for _ in range(n)))
    else:
        for _ in range(n):
            await call()
    return time.process_time() - cpu, time.perf_counter() - wall


async def run(url: str, token: str, n: int, rounds: int) -> None:
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    async with (
        aiohttp.ClientSession() as http,
        CircleCI(token, host=url, rate_limit=RateLimit.unlimited()) as cci,
    ):
        me_url = f"{url}/api/v2/me"
        headers = {"Circle-Token": token, "Accept": "application/json"}

        async def raw() -> object:
            async with http.get(me_url, headers=headers) as resp:
                resp.raise_for_status()
                return json.loads(await resp.read())

        async def client() -> object:
            return await cci.users.me()

        for mode in ("sequential", "concurrent"):
            for call in (raw, client):
                await measure(50, mode == "concurrent", call)  # warm up
        for _ in range(rounds):
            for mode in ("sequential", "concurrent"):
                for name, call in (("raw aiohttp", raw), ("circleci-async", client)):
                    results.setdefault((mode, name), []).append(
                        await measure(n, mode == "concurrent", call)
                    )
    print(f"{n} requests x {rounds} rounds (median), fake server in another process")
    print(f"{'mode':<11} {'client':<15} {'CPU us/req':>10} {'wall req/s':>10}")
    for mode in ("sequential", "concurrent"):
        cpu = {}
        for name in ("raw aiohttp", "circleci-async"):
            samples = results[(mode, name)]
            cpu[name] = statistics.median(c for c, _ in samples) / n * 1e6
            rate = n / statistics.median(w for _, w in samples)
            print(f"{mode:<11} {name:<15} {cpu[name]:>10.1f} {rate:>10.0f}")
        ratio = cpu["circleci-async"] / cpu["raw aiohttp"]
        print(f"{mode:<11} CPU ratio circleci-async / raw aiohttp = {ratio:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with fake_server() as info:
        asyncio.run(run(info["url"], info["token"], args.requests, args.rounds))


if __name__ == "__main__":
    main()
