from __future__ import annotations

from datetime import datetime, timedelta

from circleci_async.testing import FakeData
from circleci_async.testing.data import BASE_TIME, FakeJob
from tests.examples.conftest import RunExample

SLUG = "gh/acme/api"


def fake_data() -> FakeData:
    """Built like the example's ``fake_data()``."""
    data = FakeData()
    pipeline = data.add_pipeline(
        SLUG, created_at=BASE_TIME - timedelta(minutes=30), jobs=("build", "test"), status="failed"
    )
    test_job = pipeline.workflows[0].jobs[-1]
    test_job.tests[0].result = "failure"
    test_job.tests[0].message = "AssertionError: expected 200, got 500"
    return data


def flaky_count(data: FakeData) -> int:
    """Tests of the project that both passed and failed (same job, class, name, file)."""
    outcomes: dict[tuple[str, str, str, str], set[str]] = {}
    for job in data.jobs.values():
        if job.project_slug == SLUG:
            for t in job.tests:
                outcomes.setdefault((job.name, t.classname, t.name, t.file), set()).add(t.result)
    return sum(1 for seen in outcomes.values() if {"success", "failure"} <= seen)


def failed_jobs(data: FakeData, since: datetime, until: datetime) -> list[FakeJob]:
    return [
        job
        for p in data.project_pipelines(SLUG)
        if since <= p.created_at <= until
        for w in p.workflows
        for job in w.jobs
        if job.status == "failed"
    ]


def read_until(data: FakeData, since: datetime) -> int:
    """Pipelines a newest-first walk reads: all created since ``since``, and the next one."""
    return sum(1 for p in data.project_pipelines(SLUG) if p.created_at >= since) + 1


def test_report_counts_match_the_fake_data(run_example: RunExample) -> None:
    data = fake_data()
    newest = max(p.created_at for p in data.project_pipelines(SLUG))
    failed = failed_jobs(data, newest - timedelta(hours=24), newest)
    flaky = flaky_count(data)
    assert flaky > 0
    assert len(failed) > 1
    assert any(j.name == "test" for j in failed) and any(j.name == "lint" for j in failed)

    result = run_example("flaky_and_failing")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == f"{flaky} flaky test(s), {len(failed)} failed job(s) in 24 h"
    assert sum(1 for line in lines if " flaked " in line) == flaky
    # the walk stopped at the first pipeline older than the window: no further pages
    read = read_until(data, newest - timedelta(hours=24))
    assert read < len(data.project_pipelines(SLUG))
    assert f"({read} pipelines read)" in result.stdout
    for job in failed:
        assert f"/ {job.name} #{job.number}" in result.stdout
    failing = [t for j in failed for t in j.tests if t.result == "failure"]
    assert failing  # the test job's failures are listed under it
    for t in failing:
        assert f"      {t.classname}.{t.name}: {t.message}" in lines


def test_explicit_window_and_no_tests(run_example: RunExample) -> None:
    data = fake_data()
    until = BASE_TIME - timedelta(hours=12)
    failed = failed_jobs(data, until - timedelta(hours=6), until)
    assert failed  # the window holds a failure, and newer ones fall outside it
    assert len(failed) < len(failed_jobs(data, until - timedelta(hours=6), BASE_TIME))

    result = run_example(
        "flaky_and_failing", SLUG, "--until", "2026-11-01T00:00:00Z", "--since", "6", "--no-tests"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == f"{flaky_count(data)} flaky test(s), {len(failed)} failed job(s) in 6 h"
    assert "from 2026-10-31 18:00 to 2026-11-01 00:00 UTC" in result.stdout
    assert not any(line.startswith("      ") for line in lines)  # no test results fetched
