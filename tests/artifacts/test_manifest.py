"""The manifest at scale and after odd histories: flat memory, compaction, killed runs."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from circleci_async import ArtifactDownloader, CircleCI
from circleci_async.artifacts import (
    MANIFEST_NAME,
    ArtifactRef,
    SourceFailure,
    job_artifacts,
)
from circleci_async.artifacts.manifest import Manifest
from circleci_async.testing import FakeCircleCI
from circleci_async.testing.data import FakeJob

SLUG = "gh/acme/api"


def add_job(fake: FakeCircleCI, artifacts: list[tuple[str, int, int]]) -> FakeJob:
    workflow = next(w for w in fake.data.workflows.values() if w.project_slug == SLUG)
    return fake.data.add_job(workflow, "artifacts", artifacts=artifacts)


def manifest_lines(dest: Path) -> list[dict[str, Any]]:
    """Every line of the manifest, parsed (a line that is not JSON fails the test)."""
    return [json.loads(line) for line in (dest / MANIFEST_NAME).read_text().splitlines()]


async def into(
    folder: str, cci: CircleCI, job: FakeJob
) -> AsyncIterator[ArtifactRef | SourceFailure]:
    """The artifacts of ``job`` stored under ``<dest>/<folder>/`` (as ``latest`` does)."""
    async for ref in job_artifacts(cci, SLUG, job.number or 0):
        assert isinstance(ref, ArtifactRef)
        yield ArtifactRef(folder, ref.node_index, ref.path, ref.url)


def record(i: int) -> dict[str, Any]:
    """A manifest record as a mirror of many jobs writes it."""
    return {
        "file": f"{i // 1000}/0/logs/part-{i:05d}.bin",
        "job": str(i // 1000),
        "path": f"logs/part-{i:05d}.bin",
        "node_index": 0,
        "url": f"https://output.example/job/{i // 1000}/artifacts/0/logs/{i}",
        "size": 1024,
        "sha256": f"{i:064x}",
        "status": "downloaded",
    }


def test_the_manifest_keeps_this_runs_records_on_disk_not_in_memory(tmp_path: Path) -> None:
    manifest = Manifest(tmp_path)
    manifest.load()
    count = 20_000
    tracemalloc.start()
    try:
        for i in range(count):
            manifest.add(record(i))
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    manifest.close()
    # Holding the records would take about 1,000 bytes each (20 MB here).
    assert held < 1 << 20, f"{held} bytes held after {count} records"
    lines = manifest_lines(tmp_path)
    assert len(lines) == count == len({r["file"] for r in lines})


def test_earlier_records_cost_about_their_line_and_go_once_superseded(tmp_path: Path) -> None:
    count = 20_000
    text = "".join(json.dumps(record(i)) + "\n" for i in range(count))
    (tmp_path / MANIFEST_NAME).write_text(text)
    manifest = Manifest(tmp_path)
    tracemalloc.start()
    try:
        manifest.load()
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # As parsed dicts they would take about 1,400 bytes each, over five times their line.
    assert held < 2 * len(text), f"{held} bytes held for {len(text)} bytes of records"
    rec = manifest.complete(record(7)["file"], 1024, record(7)["url"])
    assert rec == record(7)
    assert manifest.complete(record(7)["file"], 1025, record(7)["url"]) is None
    manifest.add({**record(7), "status": "skipped"})
    assert record(7)["file"] not in manifest.records
    manifest.close()
    lines = manifest_lines(tmp_path)
    assert len(lines) == count and lines[-1] == {**record(7), "status": "skipped"}


@pytest.mark.anyio
async def test_a_duplicate_path_leaves_the_first_artifacts_record(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    job = add_job(fake, [("dup", 20, 0), ("./dup", 21, 0)])
    # One worker: the first artifact is on disk before its duplicate is even looked at.
    first = await ArtifactDownloader(cci, tmp_path, concurrency=1).job(SLUG, job.number or 0)
    assert (first.downloaded, first.failed) == (1, 1)
    (record,) = manifest_lines(tmp_path)
    assert record["file"] == f"{job.number}/0/dup"
    assert (record["status"], record["size"]) == ("downloaded", 20)
    again = await ArtifactDownloader(cci, tmp_path, concurrency=1).job(SLUG, job.number or 0)
    assert (again.downloaded, again.skipped, again.failed) == (0, 1, 1)


@pytest.mark.anyio
async def test_a_partial_rerun_compacts_to_one_record_per_file(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path
) -> None:
    old = add_job(fake, [("a", 10, 0), ("b", 11, 0), ("c", 12, 0)])
    new = add_job(fake, [("b", 11, 0), ("d", 13, 0)])
    assert (await ArtifactDownloader(cci, tmp_path).run(into("m", cci, old))).downloaded == 3
    report = await ArtifactDownloader(cci, tmp_path).run(into("m", cci, new))
    assert report.downloaded == 2  # b comes from another URL now
    records = manifest_lines(tmp_path)
    by_file = {r["file"]: r for r in records}
    assert len(records) == len(by_file) == 4
    assert f"/job/{new.id}/" in by_file["m/0/b"]["url"]
    assert f"/job/{old.id}/" in by_file["m/0/a"]["url"]
    assert {by_file[f]["status"] for f in by_file} == {"downloaded"}
    again = await ArtifactDownloader(cci, tmp_path).run(into("m", cci, new))
    assert (again.skipped, again.downloaded) == (2, 0)


@pytest.mark.anyio
@pytest.mark.parametrize("tail", ["", '{"file": "half'], ids=["no-newline", "half-a-line"])
async def test_a_killed_runs_last_line_never_swallows_the_next_record(
    cci: CircleCI, fake: FakeCircleCI, tmp_path: Path, tail: str
) -> None:
    one = add_job(fake, [("one", 10, 0)])
    two = add_job(fake, [("two", 20, 0)])
    await ArtifactDownloader(cci, tmp_path).job(SLUG, one.number or 0)
    path = tmp_path / MANIFEST_NAME
    path.write_text(path.read_text().rstrip("\n") + ("\n" + tail if tail else ""))
    await ArtifactDownloader(cci, tmp_path).job(SLUG, two.number or 0)
    files = sorted(r["file"] for r in manifest_lines(tmp_path))
    assert files == [f"{one.number}/0/one", f"{two.number}/0/two"]
    rerun = await ArtifactDownloader(cci, tmp_path).job(SLUG, one.number or 0, two.number or 0)
    assert (rerun.skipped, rerun.downloaded) == (2, 0)
