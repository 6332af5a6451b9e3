"""cci.insights against the fake server: numbers consistent with the fake's own runs."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

import pytest

from circleci_async import CircleCI, NotFound, RateLimit, RateLimited, RetryPolicy
from circleci_async.models.v2.insights import FlakyTests, ReportingWindow, WorkflowRun
from circleci_async.testing import FakeCircleCI
from circleci_async.testing.data import BASE_TIME
from circleci_async.testing.routes.v2_insights import (
    job_credits,
    job_seconds,
    workflow_credits,
    workflow_seconds,
)

pytestmark = pytest.mark.anyio

SLUG = "gh/acme/api"
WF = "build-and-test"


def fake_runs(fake: FakeCircleCI, branch: str | None = "main") -> list[tuple[str, str]]:
    """(workflow id, branch) of every run of the seeded project, optionally of one branch."""
    return [
        (wf.id, p.branch)
        for p in fake.data.project_pipelines(SLUG)
        for wf in p.workflows
        if branch is None or p.branch == branch
    ]


async def test_workflow_metrics_are_computed_from_the_runs(
    cci: CircleCI, fake: FakeCircleCI
) -> None:
    (metrics,) = await cci.insights.workflows(SLUG)
    main = [
        wf for p in fake.data.project_pipelines(SLUG) if p.branch == "main" for wf in p.workflows
    ]
    assert metrics.name == WF
    assert metrics.project_id == fake.data.projects[SLUG].id
    m = metrics.metrics
    assert m.total_runs == len(main) == 20
    assert m.successful_runs == sum(1 for wf in main if wf.status == "success")
    assert m.failed_runs == sum(1 for wf in main if wf.status == "failed")
    assert m.success_rate == pytest.approx(m.successful_runs / m.total_runs)
    assert m.total_credits_used == sum(workflow_credits(wf) for wf in main)
    seconds = [workflow_seconds(wf) for wf in main]
    assert m.duration_metrics.min == min(seconds)
    assert m.duration_metrics.max == max(seconds)
    assert m.throughput == pytest.approx(20 / 90)
    assert metrics.window_start is not None and metrics.window_start.tzinfo is not None

    (everything,) = await cci.insights.workflows(SLUG, all_branches=True)
    assert everything.metrics.total_runs == 30
    (feature,) = await cci.insights.workflows(SLUG, branch="feature/login")
    assert feature.metrics.total_runs == 10
    (day,) = await cci.insights.workflows(SLUG, reporting_window="last-24-hours")
    since = BASE_TIME - timedelta(hours=24)
    assert day.metrics.total_runs == sum(1 for wf in main if wf.created_at >= since) == 8
    assert day.metrics.throughput == pytest.approx(8.0)


async def test_workflow_runs_page_and_match_the_metrics(cci: CircleCI, fake: FakeCircleCI) -> None:
    pager = cci.insights.workflow_runs(SLUG, WF, all_branches=True)
    pages = [page async for page in pager.pages()]
    assert [len(p) for p in pages] == [20, 10]
    run_list: list[WorkflowRun] = [r for p in pages for r in p]
    assert [(r.id, r.branch) for r in run_list] == fake_runs(fake, None)
    assert all(r.created_at is not None for r in run_list)
    assert run_list == sorted(run_list, key=lambda r: r.created_at or BASE_TIME, reverse=True)
    workflows = {wf.id: wf for wf in fake.data.workflows.values()}
    for run in run_list:
        assert run.duration == workflow_seconds(workflows[str(run.id)])
        assert run.status == workflows[str(run.id)].status
    (metrics,) = await cci.insights.workflows(SLUG, all_branches=True)
    assert metrics.metrics.total_credits_used == sum(r.credits_used or 0 for r in run_list)
    sent = fake.requests_to(r"/api/v2/insights/[^/]+/workflows/build-and-test")
    assert "page-token" not in sent[0].query and "page-token" in sent[1].query


async def test_workflow_runs_date_bounds(cci: CircleCI, fake: FakeCircleCI) -> None:
    start = BASE_TIME - timedelta(hours=20)
    recent = await cci.insights.workflow_runs(
        SLUG, WF, all_branches=True, start_date=start, end_date=BASE_TIME
    ).collect()
    assert recent and all(r.created_at is not None and r.created_at >= start for r in recent)
    assert len(recent) < 30
    query = dict(parse_qsl(fake.requests[-1].query))
    assert query["start-date"] == "2026-10-31T16:00:00Z"
    assert query["all-branches"] == "true"
    # an ISO string works as well as a datetime
    same = await cci.insights.workflow_runs(
        SLUG, WF, all_branches=True, start_date="2026-10-31T16:00:00Z"
    ).collect()
    assert [r.id for r in same] == [r.id for r in recent]


async def test_job_metrics(cci: CircleCI, fake: FakeCircleCI) -> None:
    jobs = await cci.insights.workflow_jobs(SLUG, WF)
    assert [j.name for j in jobs] == ["build", "lint", "test"]
    fake_jobs = [
        j
        for p in fake.data.project_pipelines(SLUG)
        if p.branch == "main"
        for wf in p.workflows
        for j in wf.jobs
        if j.name == "test"
    ]
    (test_job,) = [j for j in jobs if j.name == "test"]
    assert test_job.metrics.total_runs == len(fake_jobs) == 20
    assert test_job.metrics.total_credits_used == sum(job_credits(j) for j in fake_jobs)
    assert test_job.metrics.duration_metrics.max == max(job_seconds(j) for j in fake_jobs)
    only = await cci.insights.workflow_jobs(
        SLUG, WF, job_name="lint", reporting_window="last-7-days"
    )
    assert [j.name for j in only] == ["lint"]
    # the workflow's credits are the sum of its jobs'
    (metrics,) = await cci.insights.workflows(SLUG)
    assert metrics.metrics.total_credits_used == sum(
        j.metrics.total_credits_used or 0 for j in jobs
    )


async def test_workflow_summary(cci: CircleCI, fake: FakeCircleCI) -> None:
    summary = await cci.insights.workflow_summary(SLUG, WF, all_branches=True)
    (metrics,) = await cci.insights.workflows(SLUG, all_branches=True)
    assert summary.metrics.total_runs == metrics.metrics.total_runs == 30
    assert summary.metrics.completed_runs == 30
    assert summary.metrics.total_credits_used == metrics.metrics.total_credits_used
    assert summary.workflow_names == [WF]
    assert summary.trends.total_runs == 0.0  # nothing in the previous window
    with pytest.raises(NotFound):
        await cci.insights.workflow_summary(SLUG, "no-such-workflow")


async def test_test_metrics_and_flaky_tests(cci: CircleCI, fake: FakeCircleCI) -> None:
    metrics = await cci.insights.test_metrics(SLUG, WF, all_branches=True)
    tests = [
        t
        for p in fake.data.project_pipelines(SLUG)
        for wf in p.workflows
        for j in wf.jobs
        for t in j.tests
    ]
    assert metrics.total_test_runs == len(tests)
    assert len(metrics.test_runs) == 30
    assert sum(r.test_counts.failure for r in metrics.test_runs) == sum(
        1 for t in tests if t.result == "failure"
    )
    assert metrics.most_failed_tests and all(t.failed_runs > 0 for t in metrics.most_failed_tests)
    assert metrics.slowest_tests[0].p95_duration == max(
        t.p95_duration or 0 for t in metrics.slowest_tests
    )
    flaky = await cci.insights.flaky_tests(SLUG)
    assert flaky.total_flaky_tests == len(flaky.flaky_tests) > 0
    first = flaky.flaky_tests[0]
    assert first.test_name and first.job_name == "test" and first.times_flaked >= 1
    assert first.workflow_id in {wf.id for wf in fake.data.workflows.values()}
    flaky_names = {t.test_name for t in metrics.most_failed_tests if t.flaky}
    assert flaky_names <= {t.test_name for t in flaky.flaky_tests}


async def test_flaky_tests_decode_snake_case_too(cci: CircleCI, fake: FakeCircleCI) -> None:
    body = {
        "flaky_tests": [
            {
                "test_name": "test_x",
                "job_number": 7,
                "times_flaked": 3,
                "workflow_id": "w",
                "classname": None,
            }
        ],
        "total_flaky_tests": 1,
    }
    fake.inject("GET", r"/api/v2/insights/.*/flaky-tests", status=200, body=body)
    flaky = await cci.insights.flaky_tests(SLUG)
    assert isinstance(flaky, FlakyTests)
    assert flaky.flaky_tests[0].test_name == "test_x"
    assert flaky.flaky_tests[0].job_number == 7
    assert flaky.flaky_tests[0].times_flaked == 3


async def test_branches(cci: CircleCI, fake: FakeCircleCI) -> None:
    result = await cci.insights.branches(SLUG, workflow_name=WF)
    assert result.branches == ["feature/login", "main"]
    assert result.project_id == fake.data.projects[SLUG].id
    assert (await cci.insights.branches(SLUG, workflow_name="other")).branches == []


async def test_project_summary_sends_repeated_keys(cci: CircleCI, fake: FakeCircleCI) -> None:
    summary = await cci.insights.summary(
        SLUG,
        reporting_window=ReportingWindow.LAST_30_DAYS,
        branches=["main", "feature/login"],
        workflow_names=WF,
    )
    query = parse_qsl(fake.requests[-1].query)
    assert query == [
        ("reporting-window", "last-30-days"),
        ("branches", "main"),
        ("branches", "feature/login"),
        ("workflow-names", WF),
    ]
    assert summary.project_data.metrics.total_runs == 30
    assert summary.all_branches == ["feature/login", "main"]
    assert [w.workflow_name for w in summary.project_workflow_data] == [WF]
    assert {(b.workflow_name, b.branch) for b in summary.project_workflow_branch_data} == {
        (WF, "main"),
        (WF, "feature/login"),
    }
    main_only = await cci.insights.summary(SLUG, branches="main")
    assert main_only.project_data.metrics.total_runs == 20
    (metrics,) = await cci.insights.workflows(SLUG)
    assert main_only.project_data.metrics.total_credits_used == metrics.metrics.total_credits_used


async def test_org_summary(cci: CircleCI, fake: FakeCircleCI) -> None:
    summary = await cci.insights.org_summary("gh/acme")
    assert summary.all_projects == ["api", "web"]
    assert [p.project_name for p in summary.org_project_data] == ["api", "web"]
    assert summary.org_data.metrics.total_runs == 60
    one = await cci.insights.org_summary("gh/acme", project_names=["web"])
    assert [p.project_name for p in one.org_project_data] == ["web"]
    assert parse_qsl(fake.requests[-1].query) == [("project-names", "web")]
    with pytest.raises(NotFound):
        await cci.insights.org_summary("gh/nobody")


async def test_timeseries(cci: CircleCI, fake: FakeCircleCI) -> None:
    daily = await cci.insights.timeseries(SLUG, WF)
    assert {t.name for t in daily} == {"build", "test", "lint"}
    assert sum(t.metrics.total_runs for t in daily if t.name == "build") == 30
    hourly = cci.insights.timeseries(
        SLUG,
        WF,
        granularity="hourly",
        start_date=datetime(2026, 10, 1, tzinfo=UTC),
        end_date=BASE_TIME,
    )
    items = await hourly.collect()
    assert len(items) == 90  # one bucket per job and run: more than a page
    assert len(fake.requests_to(r"/api/v2/insights/time-series/.*")) == 1 + 5


async def test_unknown_project_is_not_found(cci: CircleCI) -> None:
    with pytest.raises(NotFound, match="Project not found"):
        await cci.insights.workflows("gh/acme/missing").collect()


async def invoke(call: Any, cci: CircleCI) -> None:
    """Call a method; await it when it is a coroutine (pagers check their input at once)."""
    result = call(cci)
    if inspect.isawaitable(result):
        await result


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda c: c.insights.workflows("acme/api"), ValueError, "project_slug"),
        (lambda c: c.insights.workflow_runs(SLUG, ""), ValueError, "workflow_name"),
        (lambda c: c.insights.workflows(SLUG, branch=5), TypeError, "branch"),
        (lambda c: c.insights.workflows(SLUG, all_branches="yes"), TypeError, "all_branches"),
        (
            lambda c: c.insights.workflow_runs(SLUG, WF, start_date="yesterday"),
            ValueError,
            "start_date",
        ),
        (lambda c: c.insights.timeseries(SLUG, WF, end_date=5), TypeError, "end_date"),
        (lambda c: c.insights.org_summary("acme"), ValueError, "org_slug"),
    ],
)
async def test_bad_input_fails_before_any_request(
    cci: CircleCI, fake: FakeCircleCI, call: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        await invoke(call, cci)
    assert fake.requests == []


async def test_bad_names_fail_before_any_request(cci: CircleCI, fake: FakeCircleCI) -> None:
    with pytest.raises(TypeError, match="branches"):
        await cci.insights.summary(SLUG, branches=["main", 5])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="project_names"):
        await cci.insights.org_summary("gh/acme", project_names=[""])
    assert fake.requests == []


async def test_server_rate_limit_answers_429_with_retry_after() -> None:
    async with FakeCircleCI(rate_limit=2.0) as fake:
        async with CircleCI(
            host=fake.url,
            token=fake.token,
            retry=RetryPolicy.disabled(),
            rate_limit=RateLimit.unlimited(),
        ) as cci:
            await cci.insights.branches(SLUG)
            with pytest.raises(RateLimited) as info:
                await cci.insights.branches(SLUG)
        assert info.value.status == 429
        assert info.value.retry_after == 1.0
        assert fake.count_statuses(429) == 1
