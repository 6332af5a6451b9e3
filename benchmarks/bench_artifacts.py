"""Artifact downloads side by side: this client vs the seed pipeline, aria2c and raw aiohttp.

Two scenarios against the fake CircleCI running in its own process:

1. ``--files`` artifacts (default 2,000) of 32 KiB with 30 ms latency on the artifact and
   storage hosts: ``ArtifactDownloader`` (concurrency 32) vs the seed's
   ``curl | grep -o 'http://[^"]*' | wget -i -`` (sequential), ``aria2c -j32 -i`` on the same
   URL list, and a naive ``asyncio.gather`` of aiohttp GETs.
2. ``--large`` files (default 4) of 256 MiB without latency: MB/s vs ``curl`` run 4 in
   parallel, and the peak RSS of the process running this client.

Each tool's number of token-carrying requests that reached the storage host is printed too.
Run: ``python benchmarks/bench_artifacts.py [--files N] [--large N] [--large-mib M]
[--skip-seed]``. aria2c comes from the Debian package ``aria2`` (``apt-get install -y aria2``);
without it that row says so.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

SLUG = "gh/acme/bench"
HERE = Path(__file__).resolve()


# ---- the server process ----------------------------------------------------------------------
async def serve(args: argparse.Namespace) -> None:
    from circleci_async.testing import FakeCircleCI, Faults
    from circleci_async.testing.data import FakeData

    data = FakeData(seed=1, projects=0)
    data.add_project(SLUG)
    pipeline = data.add_pipeline(SLUG, jobs=())
    workflow = pipeline.workflows[0]
    many = data.add_job(
        workflow,
        "many",
        artifacts=[(f"files/f{i:05d}.bin", 32 * 1024, 0) for i in range(args.files)],
    )
    large = data.add_job(
        workflow,
        "large",
        artifacts=[(f"large/l{i}.bin", args.large_mib << 20, 0) for i in range(args.large)],
    )
    fake = FakeCircleCI(data=data, faults=Faults(), page_size=1_000_000)

    async def control(request: web.Request) -> web.Response:
        latency = float(request.query.get("latency", "0"))
        fake.faults.artifact_latency = fake.faults.storage_latency = latency
        stats = {"storage_token_requests": fake.storage_token_requests}
        fake.storage_token_requests = 0
        fake.requests.clear()
        return web.json_response(stats)

    app = web.Application()
    app.router.add_get("/control", control)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    async with fake:
        info = {
            "url": fake.url,
            "token": fake.token,
            "control": f"http://127.0.0.1:{runner.addresses[0][1]}/control",
            "many": many.number,
            "large": large.number,
        }
        print(json.dumps(info), flush=True)
        await asyncio.Event().wait()


# ---- this client, in its own process (so its peak RSS is its own) ------------------------------
async def ours(
    url: str, token: str, job: int, dest: str, concurrency: int, checksums: bool
) -> None:
    from circleci_async import ArtifactDownloader, CircleCI

    async with CircleCI(token, host=url) as cci:
        downloader = ArtifactDownloader(cci, dest, concurrency=concurrency, checksums=checksums)
        start = time.perf_counter()
        report = await downloader.job(SLUG, job)
        elapsed = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    out = {"elapsed": elapsed, "bytes": report.bytes, "files": report.downloaded, "rss": rss}
    print(json.dumps({**out, "failed": report.failed}))


def run_ours(
    info: dict[str, Any], job: int, dest: str, concurrency: int, *, checksums: bool = True
) -> dict[str, Any]:
    cmd = [sys.executable, str(HERE), "--ours", info["url"], info["token"], str(job), dest]
    cmd += [str(concurrency), "1" if checksums else "0"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout)
    if result["failed"]:
        raise RuntimeError(f"this client failed {result['failed']} files")
    return result


# ---- the others --------------------------------------------------------------------------------
def listing_url(info: dict[str, Any], job: int) -> str:
    return f"{info['url']}/api/v2/project/{SLUG}/{job}/artifacts"


def urls_of(info: dict[str, Any], job: int) -> list[str]:
    cmd = ["curl", "-s", "-H", f"Circle-Token: {info['token']}", listing_url(info, job)]
    body = json.loads(subprocess.run(cmd, capture_output=True, check=True).stdout)
    return [item["url"] for item in body["items"]]


def run_seed(info: dict[str, Any], job: int, dest: str) -> float:
    # The seed's pipeline (with the token passed to wget, as private projects need),
    # grep adapted to the fake's http URLs.
    token = info["token"]
    script = (
        f"curl -s -H 'Accept: application/json' -H 'Circle-Token: {token}' "
        f"'{listing_url(info, job)}' | grep -o 'http://[^\"]*' "
        f"| wget -q --header='Circle-Token: {token}' -P '{dest}' -i -"
    )
    start = time.perf_counter()
    subprocess.run(["bash", "-c", script], check=False)
    return time.perf_counter() - start


def run_aria2c(info: dict[str, Any], job: int, dest: str) -> float | None:
    if shutil.which("aria2c") is None:
        return None
    listing = Path(dest) / "urls.txt"
    listing.write_text("\n".join(urls_of(info, job)) + "\n")
    cmd = [
        "aria2c",
        "-j32",
        "-q",
        "--header",
        f"Circle-Token: {info['token']}",
        "--auto-file-renaming=false",
        "--allow-overwrite=true",
        "--file-allocation=none",
        "-d",
        dest,
        "-i",
        str(listing),
    ]
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - start


def save(path: Path, body: bytes) -> None:
    """What a naive script does: a blocking write on the event loop."""
    path.write_bytes(body)


async def run_naive(info: dict[str, Any], job: int, dest: str) -> float:
    urls = urls_of(info, job)
    headers = {"Circle-Token": info["token"]}
    start = time.perf_counter()
    async with aiohttp.ClientSession() as http:

        async def one(i: int, url: str) -> None:
            async with http.get(url, headers=headers) as resp:
                body = await resp.read()
            save(Path(dest, f"f{i}"), body)

        await asyncio.gather(*(one(i, u) for i, u in enumerate(urls)))
    return time.perf_counter() - start


def run_curls(info: dict[str, Any], job: int, dest: str) -> float:
    urls = urls_of(info, job)
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            ["curl", "-s", "-L", "-H", f"Circle-Token: {info['token']}", "-o", f"{dest}/c{i}", u]
        )
        for i, u in enumerate(urls)
    ]
    for p in procs:
        p.wait()
    return time.perf_counter() - start


# ---- driver ------------------------------------------------------------------------------------
def control(info: dict[str, Any], latency: float) -> int:
    out = subprocess.run(
        ["curl", "-s", f"{info['control']}?latency={latency}"], capture_output=True, check=True
    )
    return int(json.loads(out.stdout)["storage_token_requests"])


def count_files(dest: str) -> int:
    return sum(
        1
        for p in Path(dest).rglob("*")
        if p.is_file() and not p.name.startswith(".circleci") and p.name != "urls.txt"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--large", type=int, default=4)
    parser.add_argument("--large-mib", type=int, default=256)
    parser.add_argument("--latency", type=float, default=0.03)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--skip-seed", action="store_true", help="skip the slow seed pipeline")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--ours", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(args))
        return 0
    if args.ours:
        url, token, job, dest, conc, checksums = args.ours
        asyncio.run(ours(url, token, int(job), dest, int(conc), checksums == "1"))
        return 0

    server = subprocess.Popen(
        [
            sys.executable,
            str(HERE),
            "--serve",
            "--files",
            str(args.files),
            "--large",
            str(args.large),
            "--large-mib",
            str(args.large_mib),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        info = json.loads(server.stdout.readline())
        return drive(args, info)
    finally:
        server.terminate()
        server.wait(timeout=10)


def drive(args: argparse.Namespace, info: dict[str, Any]) -> int:
    n = args.files
    print(
        f"Scenario 1: {n} artifacts x 32 KiB, {args.latency * 1000:.0f} ms latency on the "
        "artifact and storage hosts"
    )
    rows: list[tuple[str, float | None, int | None, int]] = []

    def measure(name: str, fn: Any) -> None:
        control(info, args.latency)
        with tempfile.TemporaryDirectory(prefix="bench-art-") as dest:
            elapsed = fn(dest)
            files = count_files(dest) if elapsed is not None else None
        leaks = control(info, args.latency)
        rows.append((name, elapsed, files, leaks))
        shown = (
            "not installed (apt-get install -y aria2)" if elapsed is None else f"{elapsed:8.2f} s"
        )
        print(f"  {name:<34} {shown}  files={files}  token->storage={leaks}", flush=True)

    measure(
        f"circleci-async (concurrency {args.concurrency})",
        lambda d: run_ours(info, info["many"], d, args.concurrency)["elapsed"],
    )
    if not args.skip_seed:
        measure("seed: curl | grep | wget -i -", lambda d: run_seed(info, info["many"], d))
    measure("aria2c -j32 -i", lambda d: run_aria2c(info, info["many"], d))
    measure("naive aiohttp gather", lambda d: asyncio.run(run_naive(info, info["many"], d)))
    ours_time = rows[0][1] or 0.0
    for name, elapsed, _, _ in rows[1:]:
        if elapsed is not None:
            print(f"  ratio {name}: {elapsed / ours_time:.1f}x the time of circleci-async")

    total = args.large * args.large_mib << 20
    print(f"\nScenario 2: {args.large} x {args.large_mib} MiB, no latency")
    control(info, 0.0)
    with tempfile.TemporaryDirectory(prefix="bench-art-") as dest:
        result = run_ours(info, info["large"], dest, args.large)
    ours_mbs = total / result["elapsed"] / 1e6
    leaks = control(info, 0.0)
    print(
        f"  circleci-async: {ours_mbs:8.0f} MB/s  peak RSS {result['rss'] / 2**20:.0f} MiB"
        f"  token->storage={leaks}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-art-") as dest:
        fast = run_ours(info, info["large"], dest, args.large, checksums=False)
    fast_mbs = total / fast["elapsed"] / 1e6
    print(
        f"  circleci-async --no-checksums: {fast_mbs:8.0f} MB/s  peak RSS "
        f"{fast['rss'] / 2**20:.0f} MiB"
    )
    with tempfile.TemporaryDirectory(prefix="bench-art-") as dest:
        elapsed = run_curls(info, info["large"], dest)
    curl_mbs = total / elapsed / 1e6
    leaks = control(info, 0.0)
    print(f"  curl x{args.large} in parallel: {curl_mbs:6.0f} MB/s  token->storage={leaks}")
    print(
        f"  ratio: circleci-async reaches {ours_mbs / curl_mbs:.2f}x curl's throughput "
        f"({fast_mbs / curl_mbs:.2f}x without checksums)"
    )
    return 0


if __name__ == "__main__":
    os.environ.pop("CIRCLE_TOKEN", None)
    sys.exit(main())
