"""The insights collector against the fake server with a server-side rate limit."""

from __future__ import annotations

import asyncio
import gc
from collections import Counter
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import anyio
import pytest

from circleci_async import CircleCI, RateLimit, RetryPolicy
from circleci_async.insights import (
    KINDS,
    Record,
    WorkflowMetricsRecord,
    WorkflowRunRecord,
    collect,
    read_records,
    record_key,
    write_records,
)
from circleci_async.insights.export import CSV_COLUMNS, open_writer
from circleci_async.testing import FakeCircleCI, FakeData

pytestmark = pytest.mark.anyio

PROJECTS = [f"gh/org/project-{i:02d}" for i in range(20)]
DAY = date(2026, 11, 1)


def make_data() -> FakeData:
    data = FakeData(projects=0, artifacts_per_job=0)
    for slug in PROJECTS:
        data.add_project(slug)
        for n in range(8):
            data.add_pipeline(slug, branch="main" if n % 3 else "dev")
    return data


def client(fake: FakeCircleCI) -> CircleCI:
    # Retry-After (1 s) scaled down so the test does not sleep for real; the decisions and
    # the client-wide pause are the same.
    return CircleCI(
        host=fake.url,
        token=fake.token,
        rate_limit=RateLimit(per_second=400.0, burst=20),
        retry=RetryPolicy(attempts=20, jitter=False, scale=0.02),
    )


async def gather(cci: CircleCI, projects: list[str], **kw: object) -> list[Record]:
    collection = collect(cci, projects, collected_on=DAY, **kw)  # type: ignore[arg-type]
    return [r async for r in collection]


@pytest.fixture
async def limited() -> AsyncIterator[FakeCircleCI]:
    async with FakeCircleCI(data=make_data(), rate_limit=100.0) as fake:
        fake.faults.rate_burst = 2
        yield fake


@pytest.fixture
async def reference() -> list[Record]:
    """The same collection from an unlimited server with the same data."""
    async with FakeCircleCI(data=make_data()) as fake, client(fake) as cci:
        return await gather(cci, PROJECTS)


async def test_twenty_projects_every_record_once_despite_429s(
    limited: FakeCircleCI, reference: list[Record]
) -> None:
    async with client(limited) as cci:
        collection = collect(cci, PROJECTS, collected_on=DAY)
        records = [r async for r in collection]
    assert limited.count_statuses(429) > 0  # the server did throttle us...
    assert collection.failures == []  # ...and every 429 was absorbed
    stats = collection.stats
    assert stats.projects_done == 20 and stats.projects_failed == 0
    assert stats.throttled == limited.count_statuses(429)
    assert stats.records == len(records)
    assert stats.requests == len(limited.requests)
    keys = [record_key(r) for r in records]
    assert len(keys) == len(set(keys))  # exactly once
    assert set(keys) == {record_key(r) for r in reference}  # and every one present
    kinds = Counter(k[0] for k in keys)
    assert set(kinds) == set(KINDS)
    runs = {r.id for r in records if isinstance(r, WorkflowRunRecord)}
    fake_runs = {
        wf.id for p in limited.data.pipelines.values() if p.branch == "main" for wf in p.workflows
    }
    assert runs == fake_runs


async def test_missing_project_is_reported_and_the_others_complete(
    limited: FakeCircleCI,
) -> None:
    projects = [*PROJECTS[:5], "gh/org/missing"]
    async with client(limited) as cci:
        collection = collect(cci, projects, kinds=["workflow_metrics", "workflow_run"])
        records = [r async for r in collection]
    (failure,) = collection.failures
    assert failure.project_slug == "gh/org/missing"
    assert failure.status == 404
    assert "Project not found" in failure.error
    assert {r.project_slug for r in records} == set(PROJECTS[:5])
    assert collection.stats.projects_done == 6 and collection.stats.projects_failed == 1


async def test_a_body_that_does_not_decode_fails_only_its_project() -> None:
    async with FakeCircleCI(data=make_data()) as fake, client(fake) as cci:
        fake.inject(
            "GET",
            r"/api/v2/insights/gh%2Forg%2Fproject-03/workflows",
            status=200,
            body={"items": [{"name": "x", "metrics": {"total_runs": "many"}}]},
        )
        collection = collect(cci, PROJECTS[:5], kinds=["workflow_metrics"])
        records = [r async for r in collection]
    (failure,) = collection.failures
    assert failure.project_slug == "gh/org/project-03"
    assert "total_runs" in failure.error and failure.status is None
    assert len(records) == 4


async def test_kinds_and_branch_options_shape_the_requests() -> None:
    async with FakeCircleCI(data=make_data()) as fake, client(fake) as cci:
        records = await gather(
            cci,
            PROJECTS[:2],
            kinds=["workflow_metrics", "workflow_run"],
            all_branches=True,
            reporting_window="last-7-days",
            start_date="2026-10-01T00:00:00Z",
        )
        paths = {r.path.split("/")[-1] for r in fake.requests}
        assert all("all-branches=true" in r.query for r in fake.requests)
    assert {type(r).__name__ for r in records} == {"WorkflowMetricsRecord", "WorkflowRunRecord"}
    assert len([r for r in records if isinstance(r, WorkflowRunRecord)]) == 16
    assert paths == {"workflows", "build-and-test"}
    metrics = [r for r in records if isinstance(r, WorkflowMetricsRecord)]
    assert len(metrics) == 2 and all(r.branch == "*" for r in metrics)


async def test_bad_input_fails_before_any_request(cci: CircleCI, fake: FakeCircleCI) -> None:
    with pytest.raises(ValueError, match="not-a-slug"):
        collect(cci, ["gh/acme/api", "not-a-slug"])
    with pytest.raises(ValueError, match="unknown record kinds"):
        collect(cci, ["gh/acme/api"], kinds=["workflow_metrics", "nope"])
    with pytest.raises(ValueError, match="branch or all_branches"):
        collect(cci, ["gh/acme/api"], branch="main", all_branches=True)
    assert fake.requests == []


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".sqlite"])
async def test_exports_round_trip(suffix: str, reference: list[Record], tmp_path: Path) -> None:
    path = tmp_path / f"insights{suffix}"
    assert write_records(path, reference) == len(reference)
    back = read_records(path)
    assert sorted(back, key=record_key) == sorted(reference, key=record_key)  # type: ignore[arg-type]
    if suffix == ".jsonl":
        assert back == reference  # same order too
        first = path.read_text().splitlines()[0]
        assert '"kind":"' in first
    if suffix == ".csv":
        header = path.read_text().splitlines()[0].split(",")
        assert tuple(header) == CSV_COLUMNS
        assert "2026-" in path.read_text() and "Z," in path.read_text()  # ISO 8601 UTC


async def test_sqlite_rerun_does_not_duplicate(reference: list[Record], tmp_path: Path) -> None:
    path = tmp_path / "insights.sqlite"
    write_records(path, reference)
    write_records(path, reference)  # the daily rerun, same day
    assert len(read_records(path)) == len(reference)
    import sqlite3

    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert set(KINDS) <= tables
        runs = db.execute('SELECT COUNT(*) FROM "workflow_run"').fetchone()[0]
    assert runs == sum(1 for r in reference if isinstance(r, WorkflowRunRecord))


async def test_sqlite_upsert_updates_changed_values(
    reference: list[Record], tmp_path: Path
) -> None:
    import msgspec

    path = tmp_path / "insights.sqlite"
    write_records(path, reference)
    run = next(r for r in reference if isinstance(r, WorkflowRunRecord))
    with open_writer(path) as writer:
        writer.write(msgspec.structs.replace(run, status="canceled"))
    back = [r for r in read_records(path) if record_key(r) == record_key(run)]
    assert [r.status for r in back] == ["canceled"]  # type: ignore[union-attr]


def test_unknown_suffix_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.parquet"):
        write_records(tmp_path / "x.parquet", [])


async def test_an_unexpected_error_surfaces_unwrapped(cci: CircleCI, fake: FakeCircleCI) -> None:
    class Boom(RuntimeError):
        pass

    def explode(record: object) -> None:
        raise Boom("hook failed")

    # a 503 makes the client retry, and the retry hook raises inside the collector's tasks
    fake.inject("GET", r"/api/v2/insights/.*/branches", status=503, body={"message": "down"})
    collection = collect(cci.with_options(on_retry=explode), ["gh/acme/api"], kinds=["branch"])
    with pytest.raises(Boom, match="hook failed"):
        async for _ in collection:
            pass


async def test_a_step_that_runs_out_of_retries_on_429_is_started_again(
    fake: FakeCircleCI,
) -> None:
    fake.inject("GET", r"/api/v2/insights/.*/workflows/build-and-test", status=429, times=2)
    async with CircleCI(
        host=fake.url, token=fake.token, retry=RetryPolicy.testing(attempts=2)
    ) as cci:
        collection = collect(cci, ["gh/acme/api"], kinds=["workflow_run"])
        records = [r async for r in collection]
    assert collection.failures == []
    assert len(records) == 20
    assert fake.count_statuses(429) == 2


async def test_stopping_early_cancels_the_collection_cleanly(
    cci: CircleCI, fake: FakeCircleCI
) -> None:
    problems: list[dict[str, object]] = []
    asyncio.get_running_loop().set_exception_handler(lambda _loop, ctx: problems.append(ctx))
    fake.faults.latency = 0.05
    collection = collect(cci, ["gh/acme/api", "gh/acme/web", "gh/oss/lib"])
    async for _ in collection:
        break  # no aclosing(): the iterator is finalised later, by another task
    del collection
    gc.collect()
    await anyio.sleep(0.2)
    sent = len(fake.requests)
    await anyio.sleep(0.2)
    assert len(fake.requests) == sent  # nothing is still running
    assert problems == []
    assert (await cci.insights.branches("gh/acme/api")).branches  # the client still works
