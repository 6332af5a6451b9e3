"""ArtifactDownloader against the fake server over loopback, with faults on."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import anyio
import pytest

from circleci_async import ArtifactDownloader, CircleCI, RetryPolicy, Timeouts
from circleci_async.artifacts import (
    MANIFEST_NAME,
    ArtifactRef,
    DestinationError,
    ProgressEvent,
    job_artifacts,
    safe_relative_path,
)
from circleci_async.artifacts.manifest import DestinationLock
from circleci_async.testing import FakeCircleCI
from circleci_async.testing.data import FakeJob

pytestmark = pytest.mark.anyio

SLUG = "gh/acme/api"
MiB = 1 << 20


def add_job(fake: FakeCircleCI, artifacts: list[tuple[str, int, int]]) -> FakeJob:
    """A new job of ``gh/acme/api`` with exactly these ``(path, size, node_index)``."""
    workflow = next(w for w in fake.data.workflows.values() if w.project_slug == SLUG)
    return fake.data.add_job(workflow, "artifacts", artifacts=artifacts)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_complete(dest: Path, job: FakeJob) -> None:
    for a in job.artifacts:
        target = dest / str(job.number) / str(a.node_index) / safe_relative_path(a.path)
        assert sha(target) == a.sha256(), target


def storage_requests(fake: FakeCircleCI) -> list[object]:
    return [r for r in fake.requests if r.host == "storage"]


def parts(dest: Path) -> list[Path]:
    return list(dest.rglob("*.part"))


def names(dest: Path) -> list[str]:
    return sorted(p.name for p in dest.iterdir())


def finals(dest: Path) -> list[Path]:
    return [p for p in dest.rglob("*") if p.is_file() and not p.name.startswith(".circleci")]


async def test_job_files_arrive_in_the_layout_and_the_token_never_reaches_storage(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    job = add_job(
        fake,
        [("out/a.txt", 1000, 0), ("out/a.txt", 2000, 1), ("empty", 0, 0), ("big.bin", 3 * MiB, 0)],
    )
    events: list[ProgressEvent] = []
    report = await ArtifactDownloader(cci, tmp_path, on_progress=events.append).job(
        SLUG, job.number or 0
    )
    assert report.ok and report.downloaded == 4 and report.listed == 4
    assert report.bytes == 3 * MiB + 3000
    assert_complete(tmp_path, job)
    assert (tmp_path / str(job.number) / "1" / "out" / "a.txt").stat().st_size == 2000
    assert fake.storage_token_requests == 0
    assert len(storage_requests(fake)) == 4
    artifact_hits = [r for r in fake.requests if r.host == "artifacts"]
    assert artifact_hits and all(r.authenticated for r in artifact_hits)
    assert sum(e.nbytes for e in events if e.kind == "bytes") == report.bytes
    assert [e.kind for e in events].count("downloaded") == 4
    records = [json.loads(x) for x in (tmp_path / MANIFEST_NAME).read_text().splitlines()]
    by_file = {r["file"]: r for r in records}
    big = by_file[f"{job.number}/0/big.bin"]
    assert big["sha256"] == job.artifacts[3].sha256() and big["size"] == 3 * MiB
    assert big["status"] == "downloaded" and "?" not in big["url"] and big["node_index"] == 0
    assert not parts(tmp_path)


async def test_redirect_chains_are_followed(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    fake.faults.artifact_redirect_hops = 3
    job = add_job(fake, [("a", 5000, 0), ("b", 7000, 0)])
    report = await ArtifactDownloader(cci, tmp_path).job(SLUG, job.number or 0)
    assert report.downloaded == 2
    assert_complete(tmp_path, job)
    assert fake.storage_token_requests == 0
    assert len(fake.requests_to(r"/hop/3/.*", host="artifacts")) == 2


async def test_resets_and_truncations_resume_with_range(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    fake.faults.reset_rate = 0.4
    fake.faults.truncate_rate = 0.4
    job = add_job(fake, [(f"f{i}.bin", 3 * MiB + i, 0) for i in range(4)] + [("s", 40000, 0)])
    report = await ArtifactDownloader(cci, tmp_path).job(SLUG, job.number or 0)
    assert report.ok, report.failures
    assert_complete(tmp_path, job)
    ranged = [r for r in fake.requests if r.host == "storage" and "Range" in r.headers]
    assert ranged, "broken transfers must resume with Range"
    assert fake.count_statuses(206) >= 1
    assert not parts(tmp_path)


async def test_restart_cleanly_when_range_is_not_supported(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    fake.faults.storage_ranges = False
    fake.faults.truncate_rate = 0.5
    job = add_job(fake, [(f"f{i}.bin", 2 * MiB + i, 0) for i in range(3)])
    report = await ArtifactDownloader(cci, tmp_path).job(SLUG, job.number or 0)
    assert report.ok, report.failures
    assert_complete(tmp_path, job)
    assert fake.count_statuses(206) == 0
    assert any("Range" in r.headers for r in storage_requests(fake))  # type: ignore[attr-defined]


async def test_storage_errors_are_retried(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    fake.faults.storage_error_rate = 0.4
    job = add_job(fake, [(f"f{i}", 1000 + i, 0) for i in range(10)])
    report = await ArtifactDownloader(cci, tmp_path).job(SLUG, job.number or 0)
    assert report.ok, report.failures
    assert fake.count_statuses(503) >= 1
    assert_complete(tmp_path, job)


async def test_hostile_paths_never_escape_the_destination(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    dest = tmp_path / "dest"
    long_name = "n" * 300 + ".txt"
    job = add_job(
        fake,
        [
            ("../../x", 10, 0),
            ("/etc/x", 11, 0),
            ("a/../../b", 12, 0),
            (long_name, 13, 0),
            ("ctl\x01", 14, 0),
            ("", 15, 0),
            ("same", 16, 0),
            ("same", 17, 1),
            ("x", 18, 0),
            ("x.part", 19, 0),
            ("dup", 20, 0),
            ("./dup", 21, 0),
        ],
    )
    report = await ArtifactDownloader(cci, dest).job(SLUG, job.number or 0)
    assert names(tmp_path) == ["dest"]
    base = dest / str(job.number)
    assert (base / "0" / "etc" / "x").stat().st_size == 11
    assert (base / "0" / "same").stat().st_size == 16
    assert (base / "1" / "same").stat().st_size == 17
    assert (base / "0" / "x").stat().st_size == 18
    assert (base / "0" / "x.part_").stat().st_size == 19
    (long_file,) = [p for p in (base / "0").iterdir() if p.name.startswith("nnnn")]
    assert len(long_file.name) <= 250 and long_file.name.endswith(".txt")
    assert report.downloaded == 7
    reasons = " | ".join(f.reason for f in report.failures)
    assert report.failed == 5, reasons
    assert reasons.count("'..'") == 2
    assert "control characters" in reasons and "empty" in reasons and "same path" in reasons
    for path in dest.rglob("*"):
        assert path.resolve().is_relative_to(dest.resolve())


async def test_a_second_run_skips_everything_without_transfers(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    job = add_job(fake, [(f"f{i}", 3000 + i, i % 2) for i in range(12)])
    first = await ArtifactDownloader(cci, tmp_path).job(SLUG, job.number or 0)
    assert first.downloaded == 12
    before = len(storage_requests(fake))
    second = await ArtifactDownloader(cci, tmp_path).job(SLUG, job.number or 0)
    assert (second.downloaded, second.skipped, second.failed, second.bytes) == (0, 12, 0, 0)
    assert len(storage_requests(fake)) == before
    records = (tmp_path / MANIFEST_NAME).read_text().splitlines()
    assert len(records) == 12  # compacted: one record per file
    assert {json.loads(r)["status"] for r in records} == {"skipped"}


async def test_a_present_file_without_manifest_is_checked_by_size(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    job = add_job(fake, [("same-size", 5000, 0), ("wrong-size", 5000, 0)])
    base = tmp_path / str(job.number) / "0"
    base.mkdir(parents=True)
    (base / "same-size").write_bytes(job.artifacts[0].content())
    (base / "wrong-size").write_bytes(b"old")
    report = await ArtifactDownloader(cci, tmp_path).job(SLUG, job.number or 0)
    assert (report.skipped, report.downloaded) == (1, 1)
    assert_complete(tmp_path, job)


async def test_a_part_left_by_a_killed_run_is_resumed(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    job = add_job(fake, [("big.bin", 3 * MiB, 0)])
    base = tmp_path / str(job.number) / "0"
    base.mkdir(parents=True)
    (base / "big.bin.part").write_bytes(job.artifacts[0].content()[:MiB])
    report = await ArtifactDownloader(cci, tmp_path).job(SLUG, job.number or 0)
    assert report.ok and report.bytes == 2 * MiB
    assert_complete(tmp_path, job)
    (request,) = storage_requests(fake)
    assert request.headers["Range"] == f"bytes={MiB}-"  # type: ignore[attr-defined]
    records = [json.loads(x) for x in (tmp_path / MANIFEST_NAME).read_text().splitlines()]
    assert records[0]["sha256"] == job.artifacts[0].sha256()


async def test_cancel_mid_run_leaves_only_parts_and_a_rerun_completes(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    job = add_job(fake, [(f"f{i}.bin", 6 * MiB + i, 0) for i in range(4)])
    received = 0

    with anyio.CancelScope() as scope:

        def on_progress(event: ProgressEvent) -> None:
            nonlocal received
            received += event.nbytes
            if received > 5 * MiB:
                scope.cancel()

        await ArtifactDownloader(cci, tmp_path, concurrency=4, on_progress=on_progress).job(
            SLUG, job.number or 0
        )
    assert scope.cancelled_caught
    assert parts(tmp_path), "an interrupted run leaves .part files"
    for path in finals(tmp_path):
        if not path.name.endswith(".part"):
            original = next(a for a in job.artifacts if a.path == path.name)
            assert sha(path) == original.sha256(), "a final name holds a complete file only"
    report = await ArtifactDownloader(cci, tmp_path).job(SLUG, job.number or 0)
    assert report.ok
    assert_complete(tmp_path, job)
    assert any(
        r.headers.get("Range")  # type: ignore[attr-defined]
        for r in storage_requests(fake)
    )
    assert not parts(tmp_path)


async def test_one_failure_does_not_stop_the_others(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    job = add_job(fake, [(f"f{i}", 2000, 0) for i in range(6)])
    key = job.artifacts[2].key
    fake.inject("GET", rf".*/{key}", status=404, body="gone", host="artifacts", times=10)
    report = await ArtifactDownloader(cci, tmp_path).job(SLUG, job.number or 0)
    assert (report.downloaded, report.failed) == (5, 1)
    (failure,) = report.failures
    assert failure.what == f"{job.number}/0/f2" and "HTTP 404" in failure.reason
    assert "?" not in failure.url
    assert not (tmp_path / str(job.number) / "0" / "f2").exists()


async def test_many_files_with_small_concurrency_and_listing_overlaps(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    job = add_job(fake, [(f"d{i % 7}/f{i}", 100 + i, i % 3) for i in range(150)])
    report = await ArtifactDownloader(cci, tmp_path, concurrency=2).job(SLUG, job.number or 0)
    assert report.downloaded == 150 and report.ok
    assert_complete(tmp_path, job)
    pages = fake.requests_to(rf"/api/v2/project/.*/{job.number}/artifacts")
    assert len(pages) == 8
    first_download = min(r.at for r in fake.requests if r.host == "storage")
    assert first_download < pages[-1].at, "downloads start before the listing ends"


class Peak:
    """Counts transfers between their ``started`` and final events; keeps the maximum."""

    def __init__(self) -> None:
        self.active: set[str] = set()
        self.most = 0

    def __call__(self, event: ProgressEvent) -> None:
        if event.kind == "started":
            self.active.add(event.file)
            self.most = max(self.most, len(self.active))
        elif event.kind in ("downloaded", "failed", "skipped"):
            self.active.discard(event.file)


async def test_max_transfers_bounds_simultaneous_transfers(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    job = add_job(fake, [(f"f{i}", 512 * 1024 + i, 0) for i in range(12)])
    peak = Peak()
    downloader = ArtifactDownloader(cci, tmp_path, concurrency=4, max_transfers=1, on_progress=peak)
    assert (await downloader.job(SLUG, job.number or 0)).downloaded == 12
    assert peak.most == 1
    assert_complete(tmp_path, job)


async def test_listing_429_storm_is_ridden_out(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    job = add_job(fake, [(f"f{i}", 100, 0) for i in range(60)])
    listing = rf"/api/v2/project/[^/]+/{job.number}/artifacts"
    fake.inject("GET", listing, status=429, body={"message": "Rate limited."}, times=4)
    report = await ArtifactDownloader(cci, tmp_path).job(SLUG, job.number or 0)
    assert report.ok and report.downloaded == 60
    assert fake.count_statuses(429) == 4
    assert len(fake.requests_to(listing)) == 4 + 3


async def test_unknown_job_is_a_reported_failure_and_bad_slug_raises(
    cci: CircleCI, tmp_path: Path
) -> None:
    report = await ArtifactDownloader(cci, tmp_path).job(SLUG, 99999)
    assert not report.ok
    (failure,) = report.failures
    assert failure.what == f"job 99999 of {SLUG}" and "404" in failure.reason
    with pytest.raises(ValueError, match="not-a-slug"):
        await ArtifactDownloader(cci, tmp_path).job("not-a-slug", 1)
    with pytest.raises(ValueError, match="concurrency"):
        ArtifactDownloader(cci, tmp_path, concurrency=0)


async def test_unwritable_or_locked_destination_is_a_clear_error(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    job = add_job(fake, [("a", 10, 0)])
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DestinationError, match="cannot create destination"):
        await ArtifactDownloader(cci, blocker / "sub").job(SLUG, job.number or 0)
    dest = tmp_path / "dest"
    dest.mkdir()
    lock = DestinationLock(dest)
    lock.acquire()
    try:
        with pytest.raises(DestinationError, match="in use by another download"):
            await ArtifactDownloader(cci, dest).job(SLUG, job.number or 0)
    finally:
        lock.release()
    assert (await ArtifactDownloader(cci, dest).job(SLUG, job.number or 0)).ok
    assert not storage_requests(fake)[1:]


async def test_read_inactivity_times_out_but_long_transfers_do_not(
    fake: FakeCircleCI, tmp_path: Path
) -> None:
    job = add_job(fake, [("slow", 1000, 0)])
    fake.faults.storage_latency = 0.5
    async with CircleCI(
        host=fake.url,
        token=fake.token,
        retry=RetryPolicy.testing(2),
        timeouts=Timeouts(read=0.05, total=0.05),
    ) as cci:
        report = await ArtifactDownloader(cci, tmp_path).job(SLUG, job.number or 0)
    assert report.failed == 1 and "timed out" in report.failures[0].reason
    async with CircleCI(
        host=fake.url, token=fake.token, timeouts=Timeouts(read=5.0, total=0.05)
    ) as cci:
        report = await ArtifactDownloader(cci, tmp_path).job(SLUG, job.number or 0)
    assert report.ok, "the whole-request timeout never applies to a transfer"


async def test_custom_sources_and_pipeline_mirroring(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    async def source():  # type: ignore[no-untyped-def]
        yield ArtifactRef(7, 0, "x.txt", f"{fake.artifacts_url}/nope")

    report = await ArtifactDownloader(cci, tmp_path / "custom").run(source())
    assert report.failed == 1 and "404" in report.failures[0].reason
    latest = fake.data.project_pipelines(SLUG)[0]
    expected = sum(len(j.artifacts) for w in latest.workflows for j in w.jobs)
    report = await ArtifactDownloader(cci, tmp_path / "p").project(SLUG, pipelines=1)
    assert report.ok and report.downloaded == expected
    report = await ArtifactDownloader(cci, tmp_path / "q").pipeline(latest.id, job_name="build")
    assert report.ok and report.downloaded == len(latest.workflows[0].jobs[0].artifacts)


async def test_v1_build_and_latest_sources(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    job = add_job(fake, [("/home/circleci/out/a.txt", 900, 0), ("b.txt", 800, 1)])
    number = job.number or 0
    report = await ArtifactDownloader(cci, tmp_path).build(SLUG, number)
    assert report.ok and report.downloaded == 2, report.failures
    assert_complete(tmp_path, job)
    assert (tmp_path / str(number) / "0" / "home" / "circleci" / "out" / "a.txt").is_file()
    report = await ArtifactDownloader(cci, tmp_path).build(SLUG, 99999)
    assert report.failures[0].what == f"build 99999 of {SLUG}"
    report = await ArtifactDownloader(cci, tmp_path / "l").latest(SLUG, branch="main")
    assert report.ok and report.downloaded >= 1
    assert names(tmp_path / "l") == [
        ".circleci-async-manifest.jsonl",
        ".circleci-async.lock",
        "latest",
    ]
    assert fake.storage_token_requests == 0


async def test_a_manifest_record_counts_only_for_the_same_url(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    """Same file name and size but another artifact URL (a newer build): download again."""
    first = add_job(fake, [("report.txt", 1000, 0)])
    second = add_job(fake, [("report.txt", 1000, 0)])

    async def source_of(job: FakeJob):  # type: ignore[no-untyped-def]
        async for ref in job_artifacts(cci, SLUG, job.number or 0):
            assert isinstance(ref, ArtifactRef)
            yield ArtifactRef("latest", ref.node_index, ref.path, ref.url)

    assert (await ArtifactDownloader(cci, tmp_path).run(source_of(first))).downloaded == 1
    again = await ArtifactDownloader(cci, tmp_path).run(source_of(first))
    assert again.skipped == 1
    newer = await ArtifactDownloader(cci, tmp_path).run(source_of(second))
    assert newer.downloaded == 1
    assert sha(tmp_path / "latest" / "0" / "report.txt") == second.artifacts[0].sha256()
