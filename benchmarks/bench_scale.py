"""Artifact mirroring at scale: peak RSS, files/s and streaming for 10,000 and 100,000 files.

For each N (``--sizes``, default 10,000 and 100,000) the fake CircleCI runs in its own process
with one pipeline whose workflow has N / ``--per-job`` jobs of ``--per-job`` (1,000) artifacts
of ``--size`` (1 KiB) bytes; the fake pages each job's listing ``--page-size`` (250) items at a
time, so every job's listing takes several pages. ``ArtifactDownloader`` (concurrency 32)
mirrors the pipeline (``pipeline_artifacts``, what ``.pipeline()`` uses, wrapped to time the
end of the listing) in a fresh process each time, so ``ru_maxrss`` is that run's own peak. Printed
per N: wall time, files/s, peak RSS and its growth over the RSS before the run, the time the
first file was on disk against the time the listing finished (streaming: the first is much
earlier), and the RSS growth per 1,000 artifacts between the smallest and the largest N. Then
the same mirror runs again into the same destination (every file is skipped, from the
manifest): its wall time (mostly the client's 10 requests/s on the listing calls) and peak RSS.

Run: ``python benchmarks/bench_scale.py [--sizes 10000,100000] [--per-job 1000]
[--page-size 250] [--concurrency 32]``. ``--tracemalloc`` adds, per N, the allocation sites
holding the most memory when the listing ends, near the end of the run (slow; for finding
per-artifact memory).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from _fakeproc import fake_server

SLUG = "gh/acme/scale"
HERE = Path(__file__).resolve()
LISTING = r".*/artifacts"


# ---- the server process ----------------------------------------------------------------------
async def serve(args: argparse.Namespace) -> None:
    from aiohttp import web

    from circleci_async.testing import FakeCircleCI, Faults
    from circleci_async.testing.data import FakeData

    data = FakeData(seed=1, projects=0)
    data.add_project(SLUG)
    pipeline = data.add_pipeline(SLUG, jobs=())
    workflow = pipeline.workflows[0]
    for j in range(-(-args.serve // args.per_job)):
        count = min(args.per_job, args.serve - j * args.per_job)
        paths = [(f"logs/part-{i:05d}.bin", args.size, 0) for i in range(count)]
        data.add_job(workflow, f"shard-{j}", artifacts=paths)
    fake = FakeCircleCI(data=data, faults=Faults(), page_size=args.page_size)
    listing_pages = 0

    async def forget() -> None:
        # The fake records every request; 200,000 records would slow this process down.
        nonlocal listing_pages
        while True:
            await asyncio.sleep(0.5)
            listing_pages += len(fake.requests_to(LISTING))
            fake.requests.clear()

    async def stats(request: web.Request) -> web.Response:
        return web.json_response({"listing_pages": listing_pages + len(fake.requests_to(LISTING))})

    app = web.Application()
    app.router.add_get("/stats", stats)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    async with fake:
        task = asyncio.create_task(forget())
        info = {
            "url": fake.url,
            "token": fake.token,
            "pipeline": pipeline.id,
            "stats": f"http://127.0.0.1:{runner.addresses[0][1]}/stats",
        }
        print(json.dumps(info), flush=True)
        await asyncio.Event().wait()
        task.cancel()


# ---- this client, in a fresh process per N ----------------------------------------------------
def vm_kib(field: str) -> int:
    """``VmRSS`` / ``VmHWM`` of this process in KiB (from ``/proc/self/status``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


async def client(url: str, token: str, pipeline: str, dest: str, concurrency: int) -> None:
    from circleci_async import ArtifactDownloader, CircleCI
    from circleci_async.artifacts import (
        ArtifactRef,
        ProgressEvent,
        SourceFailure,
        pipeline_artifacts,
    )

    trace = os.environ.get("BENCH_TRACEMALLOC") == "1"
    if trace:
        import tracemalloc

        tracemalloc.start()
    marks: dict[str, float] = {}
    top: list[str] = []
    before: Any = None
    start = 0.0

    def progress(event: ProgressEvent) -> None:
        if event.kind == "downloaded" and "first_file" not in marks:
            marks["first_file"] = time.perf_counter() - start

    async def timed(
        source: AsyncIterator[ArtifactRef | SourceFailure],
    ) -> AsyncIterator[ArtifactRef | SourceFailure]:
        async for item in source:
            yield item
        marks["listing_done"] = time.perf_counter() - start
        if trace:  # nearly every file is handled by now: what does the run hold?
            diff = tracemalloc.take_snapshot().compare_to(before, "lineno")
            top.extend(str(stat) for stat in diff[:12])

    async with CircleCI(token, host=url) as cci:
        downloader = ArtifactDownloader(cci, dest, concurrency=concurrency, on_progress=progress)
        source = timed(aiter(pipeline_artifacts(cci, pipeline)))
        rss_before = vm_kib("VmRSS")
        if trace:
            before = tracemalloc.take_snapshot()
        start = time.perf_counter()
        report = await downloader.run(source)
        elapsed = time.perf_counter() - start
        rss_after = vm_kib("VmRSS")
    out = {
        "elapsed": elapsed,
        "files": report.downloaded,
        "skipped": report.skipped,
        "failed": report.failed,
        "rss_before": rss_before * 1024,
        "rss_after": rss_after * 1024,
        "rss_peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "hwm": vm_kib("VmHWM") * 1024,
        "top": top,
        **marks,
    }
    print(json.dumps(out))


# ---- driver ------------------------------------------------------------------------------------
def run_client(args: argparse.Namespace, info: dict[str, Any], dest: str) -> dict[str, Any]:
    cmd = [sys.executable, str(HERE), "--client", info["url"], info["token"]]
    cmd += [info["pipeline"], dest, str(args.concurrency)]
    env = {**os.environ, "BENCH_TRACEMALLOC": "1" if args.tracemalloc else "0"}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if out.returncode:
        raise RuntimeError(f"the client failed:\n{out.stderr}")
    result: dict[str, Any] = json.loads(out.stdout)
    if result["failed"]:
        raise RuntimeError(f"{result['failed']} files failed")
    return result


def run_one(args: argparse.Namespace, n: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Mirror N artifacts into an empty destination, then rerun (every file is skipped)."""
    server = [sys.executable, str(HERE), "--serve", str(n)]
    server += ["--per-job", str(args.per_job), "--page-size", str(args.page_size)]
    server += ["--size", str(args.size)]
    with (
        fake_server(command=server) as info,
        tempfile.TemporaryDirectory(prefix="bench-scale-") as dest,
    ):
        first = run_client(args, info, dest)
        stats = subprocess.run(["curl", "-s", info["stats"]], capture_output=True, check=True)
        on_disk = sum(len(files) for _, _, files in os.walk(dest)) - 2  # manifest, lock
        rerun = run_client(args, info, dest)
    first["listing_pages"] = json.loads(stats.stdout)["listing_pages"]
    if first["files"] != n or on_disk != n or rerun["skipped"] != n:
        raise RuntimeError(f"{n} artifacts: {first['files']} downloaded, {on_disk} on disk")
    return first, rerun


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated artifact counts")
    parser.add_argument("--per-job", type=int, default=1000, help="artifacts per job")
    parser.add_argument("--page-size", type=int, default=250, help="items per listing page")
    parser.add_argument("--size", type=int, default=1024, help="bytes per artifact")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--tracemalloc", action="store_true", help="show what holds memory")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--client", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        asyncio.run(serve(args))
        return 0
    if args.client:
        url, token, pipeline, dest, conc = args.client
        asyncio.run(client(url, token, pipeline, dest, int(conc)))
        return 0

    sizes = [int(s) for s in args.sizes.split(",")]
    mib = 2**20
    print(
        f"{args.size} B artifacts, {args.per_job} per job, listing pages of {args.page_size}, "
        f"concurrency {args.concurrency}, one fresh process per N"
    )
    print(
        f"  {'N':>8} {'wall s':>8} {'files/s':>8} {'peak RSS':>9} {'growth':>8} "
        f"{'1st file':>9} {'listed by':>10} {'pages':>6} {'rerun s':>8} {'rerun RSS':>10}"
    )
    results: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
    for n in sizes:
        r, again = results[n] = run_one(args, n)
        print(
            f"  {n:>8,} {r['elapsed']:>8.1f} {n / r['elapsed']:>8.0f} "
            f"{r['rss_peak'] / mib:>5.1f} MiB {(r['rss_peak'] - r['rss_before']) / mib:>4.1f} MiB "
            f"{r['first_file']:>7.3f} s {r['listing_done']:>8.2f} s {r['listing_pages']:>6} "
            f"{again['elapsed']:>8.1f} {again['rss_peak'] / mib:>6.1f} MiB",
            flush=True,
        )
        for line in r["top"] + ["rerun:"] * bool(again["top"]) + again["top"]:
            print(f"      {line}")
    if len(sizes) > 1:
        lo, hi = min(sizes), max(sizes)
        for label, which in (("mirror", 0), ("rerun", 1)):
            peak_lo, peak_hi = results[lo][which]["rss_peak"], results[hi][which]["rss_peak"]
            growth = (peak_hi - peak_lo) / ((hi - lo) / 1000)
            print(
                f"  {label}: peak RSS growth from {lo:,} to {hi:,} artifacts: "
                f"{growth / 1024:.1f} KiB per 1,000 artifacts"
            )
    return 0


if __name__ == "__main__":
    os.environ.pop("CIRCLE_TOKEN", None)
    sys.exit(main())
