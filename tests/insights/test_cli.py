"""``circleci-async insights``, run as a user runs it (a subprocess) against the fake server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import pytest

from circleci_async.insights import read_records
from circleci_async.testing import FakeCircleCI, FakeData

pytestmark = pytest.mark.anyio

PROJECTS = [f"gh/org/p{i}" for i in range(6)]


@pytest.fixture
async def server() -> AsyncIterator[FakeCircleCI]:
    data = FakeData(projects=0, artifacts_per_job=0)
    for slug in PROJECTS:
        data.add_project(slug)
        for n in range(4):
            data.add_pipeline(slug, branch="main" if n % 2 else "dev")
    async with FakeCircleCI(data=data) as fake:
        yield fake


async def run(fake: FakeCircleCI, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command in a thread so this event loop keeps serving the fake."""
    argv = [sys.executable, "-m", "circleci_async.cli", "insights", *args]
    argv += ["--host", fake.url, "--token", fake.token]
    env = {**os.environ, "COLUMNS": "200"}  # a wide terminal: table cells not truncated
    return await anyio.to_thread.run_sync(
        lambda: subprocess.run(
            argv, capture_output=True, text=True, timeout=120, check=False, env=env
        )
    )


async def test_collect_to_sqlite_with_json_summary(server: FakeCircleCI, tmp_path: Path) -> None:
    out = tmp_path / "insights.sqlite"
    listed = tmp_path / "projects.txt"
    listed.write_text("# our projects\n" + "\n".join(PROJECTS[2:]) + "\n\n")
    result = await run(
        server,
        "collect",
        *PROJECTS[:2],
        "--projects-from",
        str(listed),
        "--out",
        str(out),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["projects"] == 6 and summary["projects_failed"] == 0
    assert summary["records"] == len(read_records(out)) > 0
    assert summary["requests"] == len(server.requests)
    assert set(summary["records_by_kind"]) == {
        "workflow_metrics",
        "workflow_run",
        "job_metrics",
        "workflow_summary",
        "test_metric",
        "flaky_test",
        "branch",
    }
    again = await run(server, "collect", *PROJECTS, "--out", str(out), "--json")
    assert again.returncode == 0, again.stderr
    assert len(read_records(out)) == summary["records"]  # the rerun upserted


async def test_collect_reports_a_failed_project_and_exits_1(
    server: FakeCircleCI, tmp_path: Path
) -> None:
    out = tmp_path / "runs.csv"
    result = await run(
        server,
        "collect",
        PROJECTS[0],
        "gh/org/missing",
        "--out",
        str(out),
        "--kinds",
        "workflow_run",
        "--all-branches",
        "--since",
        "2026-10-01",
    )
    assert result.returncode == 1
    assert "gh/org/missing" in result.stderr and "Project not found" in result.stderr
    assert "4 records from 2 projects" in result.stdout
    records = read_records(out)
    assert len(records) == 4 and {r.project_slug for r in records} == {PROJECTS[0]}
    query = server.requests_to(r"/api/v2/insights/gh%2Forg%2Fp0/workflows/build-and-test")[0].query
    assert "all-branches=true" in query and "start-date=2026-10-01T00:00:00Z" in query


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["collect", "--out", "x.jsonl"], "no projects"),
        (["collect", "gh/org/p0", "--out", "x.txt"], "cannot tell the format"),
        (["collect", "bad-slug", "--out", "x.jsonl"], "bad-slug"),
        (["collect", "gh/org/p0", "--out", "x.jsonl", "--since", "soon"], "--since"),
        (["collect", "gh/org/p0", "--out", "x.jsonl", "--kinds", "nope"], "unknown record kinds"),
        (
            ["collect", "gh/org/p0", "--branch", "a", "--all-branches", "--out", "x.csv"],
            "not allowed",
        ),
    ],
)
async def test_bad_usage_exits_2(
    server: FakeCircleCI, tmp_path: Path, args: list[str], message: str
) -> None:
    result = await run(server, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert server.requests == []
    assert not (Path.cwd() / "x.jsonl").exists()


async def test_summary_table_and_json(server: FakeCircleCI) -> None:
    table = await run(server, "summary", PROJECTS[0])
    assert table.returncode == 0, table.stderr
    assert "build-and-test" in table.stdout and "success rate" in table.stdout
    result = await run(server, "summary", PROJECTS[0], "--all-branches", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    (row,) = data["workflows"]
    assert row["workflow"] == "build-and-test" and row["runs"] == 4
    missing = await run(server, "summary", "gh/org/missing")
    assert missing.returncode == 1 and "Project not found" in missing.stderr
