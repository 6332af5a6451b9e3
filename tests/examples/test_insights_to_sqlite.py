from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from circleci_async.insights import KINDS
from circleci_async.testing import FakeData
from tests.examples.conftest import RunExample

#: Both runs in one day's rows, even when the test runs across midnight UTC.
SAME_DAY = ("--collected-on", "2026-01-31")
ROW = re.compile(r"^\s+(\w+)\s+(\d+)\s+\(([+-]\d+)\)$", re.MULTILINE)


def printed(stdout: str) -> dict[str, tuple[int, int]]:
    """``kind -> (rows, change)`` as the example printed them."""
    return {kind: (int(n), int(change)) for kind, n, change in ROW.findall(stdout)}


def in_db(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {k: conn.execute(f'SELECT count(*) FROM "{k}"').fetchone()[0] for k in KINDS}
    finally:
        conn.close()


def test_collects_the_fakes_projects_and_a_rerun_does_not_duplicate(
    run_example: RunExample, tmp_path: Path
) -> None:
    first = run_example("insights_to_sqlite", *SAME_DAY)
    assert first.returncode == 0, first.stderr
    assert "collected 3 project(s)" in first.stdout
    assert "0 failed project(s)" in first.stdout
    rows = printed(first.stdout)
    db = in_db(tmp_path / "insights.sqlite")
    assert set(rows) == set(KINDS)
    assert {k: n for k, (n, _) in rows.items()} == db
    assert all(change == n for n, change in rows.values())  # a new file: every row is new

    # What the fake holds: one workflow (3 jobs) per project, runs on the default branch.
    data = FakeData()
    workflows = {(w.project_slug, w.name) for w in data.workflows.values()}
    main_runs = [w for p in data.pipelines.values() if p.branch == "main" for w in p.workflows]
    assert db["workflow_metrics"] == len(workflows) == 3
    assert db["job_metrics"] == 3 * len(workflows)
    assert db["workflow_run"] == len(main_runs) > 0

    second = run_example("insights_to_sqlite", *SAME_DAY)
    assert second.returncode == 0, second.stderr
    assert in_db(tmp_path / "insights.sqlite") == db
    assert printed(second.stdout) == {k: (n, 0) for k, n in db.items()}


def test_projects_from_file_with_a_missing_project_exits_1(
    run_example: RunExample, tmp_path: Path
) -> None:
    (tmp_path / "projects.txt").write_text("# mine\ngh/acme/api\n\ngh/acme/missing\n")
    result = run_example(
        "insights_to_sqlite",
        "--projects-from",
        "projects.txt",
        "--db",
        "out.sqlite",
        "--reporting-window",
        "last-24-hours",
    )
    assert result.returncode == 1
    assert "collected 2 project(s)" in result.stdout
    assert "1 failed project(s)" in result.stdout
    assert "failed gh/acme/missing: 404" in result.stderr
    db = in_db(tmp_path / "out.sqlite")
    assert {k: n for k, (n, _) in printed(result.stdout).items()} == db
    assert db["workflow_metrics"] == 1  # gh/acme/api's one workflow
    assert db["job_metrics"] == 3
    conn = sqlite3.connect(tmp_path / "out.sqlite")
    try:
        windows = {w for (w,) in conn.execute('SELECT reporting_window FROM "workflow_metrics"')}
        projects = {p for (p,) in conn.execute('SELECT DISTINCT project_slug FROM "workflow_run"')}
    finally:
        conn.close()
    assert windows == {"last-24-hours"}
    assert projects == {"gh/acme/api"}
