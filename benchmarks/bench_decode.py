"""Decoding and paging speed of the v2 models.

1. Decode a page of 1,000 pipelines and a 5,000-item artifact list into the client's msgspec
   models versus ``json.loads`` into dicts (same bytes, same run); print the ratio.
2. List 10,000 pipelines through ``cci.pipelines.list`` from the fake server (run in another
   process) at page sizes 20 and 100; print items/s.

Run: ``python benchmarks/bench_decode.py [--rounds R] [--pipelines N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _fakeproc import fake_server

from circleci_async import CircleCI, RateLimit
from circleci_async._http import codec
from circleci_async.models._base import Page
from circleci_async.models.v2.jobs import Artifact
from circleci_async.models.v2.pipelines import Pipeline
from circleci_async.testing.data import FakeData
from circleci_async.testing.routes.v2_pipelines import pipeline_json


def pipelines_page(n: int) -> bytes:
    """A ``listPipelinesForProject`` page of ``n`` pipelines, as the fake server writes it."""
    data = FakeData(projects=1, pipelines_per_project=0)
    slug = next(iter(data.projects))
    pipelines = data.add_pipelines(slug, n)
    items = [pipeline_json(p) for p in pipelines]
    return json.dumps({"items": items, "next_page_token": "tok"}).encode()


def artifacts_page(n: int) -> bytes:
    """A ``getJobArtifacts`` answer of ``n`` artifacts."""
    base = "https://output.circle-artifacts.com/output/job/5034460f-c7c4-4c43-9457-de07e2029e7b"
    items = [
        {"path": f"reports/node-{i % 4}/file-{i}.xml", "node_index": i % 4, "url": f"{base}/{i}"}
        for i in range(n)
    ]
    return json.dumps({"items": items, "next_page_token": None}).encode()


def best_of(rounds: int, fn: Callable[[], Any]) -> float:
    """The median of ``rounds`` timings of ``fn`` (seconds)."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def decode_bench(rounds: int) -> None:
    cases: list[tuple[str, bytes, type[Any]]] = [
        ("1,000 pipelines", pipelines_page(1000), Page[Pipeline]),
        ("5,000 artifacts", artifacts_page(5000), Page[Artifact]),
    ]
    print(f"{'payload':<18}{'bytes':>10}{'models ms':>12}{'json.loads ms':>15}{'ratio':>8}")
    for name, raw, type_ in cases:
        decoder = codec.decoder(type_)
        page = decoder.decode(raw)
        assert len(page.items) == len(json.loads(raw)["items"])
        typed = best_of(rounds, lambda: decoder.decode(raw))  # noqa: B023
        plain = best_of(rounds, lambda: json.loads(raw))  # noqa: B023
        print(
            f"{name:<18}{len(raw):>10,}{typed * 1e3:>12.2f}{plain * 1e3:>15.2f}"
            f"{plain / typed:>7.2f}x"
        )
    print("ratio = json.loads time / typed-model time (above 1: the models decode faster)")


async def page_bench(url: str, token: str, expected: int) -> tuple[int, float]:
    async with CircleCI(token, host=url, rate_limit=RateLimit.unlimited()) as cci:
        start = time.perf_counter()
        count = 0
        async for _ in cci.pipelines.list("gh/acme/api"):
            count += 1
        elapsed = time.perf_counter() - start
    assert count >= expected, count
    return count, elapsed


def pager_bench(pipelines: int) -> None:
    print(f"\npager: cci.pipelines.list over {pipelines:,}+ pipelines from the fake server")
    for size in (20, 100):
        args = ("--projects", "1", "--pipelines", str(pipelines), "--page-size", str(size))
        with fake_server(*args) as info:
            count, elapsed = asyncio.run(page_bench(info["url"], info["token"], pipelines))
        print(
            f"page size {size:>3}: {count:,} items in {elapsed:.2f} s = "
            f"{count / elapsed:,.0f} items/s ({-(-count // size)} requests)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--pipelines", type=int, default=10_000)
    args = parser.parse_args()
    decode_bench(args.rounds)
    pager_bench(args.pipelines)


if __name__ == "__main__":
    main()
