"""Fake v2 Insights area: every number is computed from the fake's own workflows and jobs.

"Now" is :data:`~circleci_async.testing.data.BASE_TIME`. Credits are 10 per started minute of
each job (a medium resource class). Without ``branch`` or ``all-branches=true`` only the
project's default branch counts, like CircleCI.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from circleci_async.testing._web import ApiError, add_slug_route, fake_of, ok, page, project_for
from circleci_async.testing.data import (
    BASE_TIME,
    FakeData,
    FakeJob,
    FakePipeline,
    FakeProject,
    FakeTestResult,
    FakeWorkflow,
    iso,
)

__all__ = [
    "WINDOWS",
    "job_credits",
    "job_seconds",
    "register",
    "workflow_credits",
    "workflow_seconds",
]

#: Reporting windows and their length.
WINDOWS = {
    "last-24-hours": timedelta(hours=24),
    "last-7-days": timedelta(days=7),
    "last-30-days": timedelta(days=30),
    "last-60-days": timedelta(days=60),
    "last-90-days": timedelta(days=90),
}
_DEFAULT_WINDOW = "last-90-days"
_TOP_TESTS = 10

Run = tuple[FakePipeline, FakeWorkflow]


# ---- arithmetic shared with tests ---------------------------------------------------------
def job_seconds(job: FakeJob) -> int:
    """Duration of a job in whole seconds (0 when it never ran)."""
    if job.started_at is None or job.stopped_at is None:
        return 0
    return int((job.stopped_at - job.started_at).total_seconds())


def job_credits(job: FakeJob) -> int:
    """Credits of a job: 10 per started minute."""
    return 10 * math.ceil(job_seconds(job) / 60)


def workflow_seconds(workflow: FakeWorkflow) -> int:
    """Duration of a workflow run in whole seconds."""
    if workflow.stopped_at is None:
        return 0
    return int((workflow.stopped_at - workflow.created_at).total_seconds())


def workflow_credits(workflow: FakeWorkflow) -> int:
    """Credits of a workflow run: the sum of its jobs'."""
    return sum(job_credits(j) for j in workflow.jobs)


def _p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _durations(values: Sequence[int], *, total: bool = False) -> dict[str, Any]:
    if not values:
        keys = ("min", "median", "max", "p95", "total") if total else None
        if keys:
            return dict.fromkeys(keys)
        return dict.fromkeys(("min", "mean", "median", "p95", "max", "standard_deviation"))
    out: dict[str, Any] = {
        "min": min(values),
        "median": int(statistics.median_low(values)),
        "max": max(values),
        "p95": int(_p95(values)),
    }
    if total:
        out["total"] = sum(values)
    else:
        out["mean"] = int(statistics.fmean(values))
        out["standard_deviation"] = statistics.pstdev(values)
    return out


def _ratio(now: float, before: float) -> float:
    return round(now / before, 4) if before else 0.0


# ---- selection ----------------------------------------------------------------------------
def _flag(request: web.Request, name: str) -> bool:
    value = request.query.get(name, "false")
    if value not in ("true", "false"):
        raise ApiError(400, f"Invalid {name}: expected true or false")
    return value == "true"


def _window(request: web.Request) -> tuple[str, timedelta]:
    name = request.query.get("reporting-window", _DEFAULT_WINDOW)
    if name not in WINDOWS:
        raise ApiError(400, f"Invalid reporting-window {name!r}")
    return name, WINDOWS[name]


def _date(request: web.Request, name: str) -> datetime | None:
    value = request.query.get(name)
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(400, f"Invalid {name}: {value!r} is not a date-time") from None
    if when.tzinfo is None:
        raise ApiError(400, f"Invalid {name}: {value!r} has no time zone")
    return when


def _branches(request: web.Request, project: FakeProject) -> set[str] | None:
    """The branches a request selects (``None``: all of them)."""
    if _flag(request, "all-branches"):
        return None
    branch = request.query.get("branch")
    return {branch if branch is not None else project.default_branch}


def runs(
    data: FakeData,
    project: FakeProject,
    *,
    branches: set[str] | None = None,
    workflow: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Run]:
    """Workflow runs of a project, newest first, filtered."""
    out: list[Run] = []
    for pipeline in data.project_pipelines(project.slug):
        if branches is not None and pipeline.branch not in branches:
            continue
        for wf in pipeline.workflows:
            if workflow is not None and wf.name != workflow:
                continue
            if since is not None and wf.created_at < since:
                continue
            if until is not None and wf.created_at >= until:
                continue
            out.append((pipeline, wf))
    out.sort(key=lambda r: r[1].created_at, reverse=True)
    return out


def _in_window(
    data: FakeData,
    project: FakeProject,
    window: timedelta,
    *,
    previous: bool = False,
    **kw: Any,
) -> list[Run]:
    end = BASE_TIME - window if previous else BASE_TIME
    return runs(data, project, since=end - window, until=end, **kw)


# ---- metrics ------------------------------------------------------------------------------
def _mttr(items: list[Run]) -> tuple[int | None, int]:
    """Mean seconds from a failure to the next success, and how many recoveries there were."""
    waits: list[float] = []
    failed_at: datetime | None = None
    for _, wf in sorted(items, key=lambda r: r[1].created_at):
        if wf.status == "failed" and failed_at is None:
            failed_at = wf.created_at
        elif wf.status == "success" and failed_at is not None and wf.stopped_at is not None:
            waits.append((wf.stopped_at - failed_at).total_seconds())
            failed_at = None
    return (int(statistics.fmean(waits)) if waits else None), len(waits)


def _workflow_metrics(items: list[Run], window: timedelta) -> dict[str, Any]:
    total = len(items)
    ok_runs = sum(1 for _, wf in items if wf.status == "success")
    mttr, recoveries = _mttr(items)
    return {
        "total_runs": total,
        "successful_runs": ok_runs,
        "failed_runs": sum(1 for _, wf in items if wf.status == "failed"),
        "success_rate": ok_runs / total if total else 0.0,
        "throughput": total / max(1.0, window / timedelta(days=1)),
        "mttr": mttr,
        "total_recoveries": recoveries,
        "total_credits_used": sum(workflow_credits(wf) for _, wf in items),
        "duration_metrics": _durations([workflow_seconds(wf) for _, wf in items]),
    }


def _span(items: list[Run]) -> tuple[str | None, str | None]:
    if not items:
        return None, None
    return iso(min(wf.created_at for _, wf in items)), iso(
        max(wf.stopped_at or wf.created_at for _, wf in items)
    )


def _group(items: Iterable[Run], key: Callable[[Run], Any]) -> dict[Any, list[Run]]:
    out: dict[Any, list[Run]] = {}
    for item in items:
        out.setdefault(key(item), []).append(item)
    return out


async def project_workflows(request: web.Request) -> web.Response:
    data, project = _project(request)
    _, window = _window(request)
    selected = _in_window(data, project, window, branches=_branches(request, project))
    out = []
    for name, items in sorted(_group(selected, lambda r: r[1].name).items()):
        start, end = _span(items)
        out.append(
            {
                "name": name,
                "metrics": _workflow_metrics(items, window),
                "window_start": start,
                "window_end": end,
                "project_id": project.id,
            }
        )
    return page(request, out)


async def workflow_runs(request: web.Request) -> web.Response:
    data, project = _project(request)
    since = _date(request, "start-date") or BASE_TIME - WINDOWS[_DEFAULT_WINDOW]
    until = _date(request, "end-date")
    items = runs(
        data,
        project,
        branches=_branches(request, project),
        workflow=request.match_info["workflow_name"],
        since=since,
        until=until,
    )
    return page(
        request,
        [
            {
                "id": wf.id,
                "branch": pipeline.branch,
                "duration": workflow_seconds(wf),
                "created_at": iso(wf.created_at),
                "stopped_at": iso(wf.stopped_at),
                "credits_used": workflow_credits(wf),
                "status": wf.status,
                "is_approval": False,
            }
            for pipeline, wf in items
        ],
    )


def _jobs(items: list[Run], job_name: str | None = None) -> dict[str, list[FakeJob]]:
    out: dict[str, list[FakeJob]] = {}
    for _, wf in items:
        for job in wf.jobs:
            if job.type == "approval" or (job_name is not None and job.name != job_name):
                continue
            out.setdefault(job.name, []).append(job)
    return out


async def workflow_jobs(request: web.Request) -> web.Response:
    data, project = _project(request)
    _, window = _window(request)
    items = _in_window(
        data,
        project,
        window,
        branches=_branches(request, project),
        workflow=request.match_info["workflow_name"],
    )
    out = []
    start, end = _span(items)
    for name, jobs in sorted(_jobs(items, request.query.get("job-name")).items()):
        ok_runs = sum(1 for j in jobs if j.status == "success")
        out.append(
            {
                "name": name,
                "metrics": {
                    "total_runs": len(jobs),
                    "successful_runs": ok_runs,
                    "failed_runs": sum(1 for j in jobs if j.status == "failed"),
                    "success_rate": ok_runs / len(jobs),
                    "throughput": len(jobs) / max(1.0, window / timedelta(days=1)),
                    "total_credits_used": sum(job_credits(j) for j in jobs),
                    "duration_metrics": _durations([job_seconds(j) for j in jobs]),
                },
                "window_start": start,
                "window_end": end,
            }
        )
    return page(request, out)


async def workflow_summary(request: web.Request) -> web.Response:
    data, project = _project(request)
    window = WINDOWS[_DEFAULT_WINDOW]
    name = request.match_info["workflow_name"]
    kw: dict[str, Any] = {"branches": _branches(request, project), "workflow": name}
    now = _in_window(data, project, window, **kw)
    before = _in_window(data, project, window, previous=True, **kw)
    if not now and not before:
        raise ApiError(404, "Workflow not found")
    metrics = _workflow_metrics(now, window)
    previous = _workflow_metrics(before, window)
    start, end = _span(now)
    metrics.update(
        completed_runs=sum(1 for _, wf in now if wf.stopped_at is not None),
        window_start=start,
        window_end=end,
    )
    trends = {
        key: _ratio(metrics[key] or 0, previous[key] or 0)
        for key in ("total_runs", "failed_runs", "success_rate", "throughput", "mttr")
    }
    trends["total_credits_used"] = _ratio(
        metrics["total_credits_used"], previous["total_credits_used"]
    )
    for key, stat in (("p95_duration_secs", "p95"), ("median_duration_secs", "median")):
        trends[key] = _ratio(
            metrics["duration_metrics"][stat] or 0, previous["duration_metrics"][stat] or 0
        )
    names = sorted({wf.name for _, wf in runs(data, project)})
    return ok({"metrics": metrics, "trends": trends, "workflow_names": names})


def _test_key(job: FakeJob, test: FakeTestResult) -> tuple[str, str, str, str]:
    return (job.name, test.classname, test.name, test.file)


async def test_metrics(request: web.Request) -> web.Response:
    data, project = _project(request)
    items = _in_window(
        data,
        project,
        WINDOWS[_DEFAULT_WINDOW],
        branches=_branches(request, project),
        workflow=request.match_info["workflow_name"],
    )
    per_test: dict[tuple[str, str, str, str], list[FakeTestResult]] = {}
    test_runs: list[dict[str, Any]] = []
    for pipeline, wf in items:
        counts = dict.fromkeys(("error", "failure", "skipped", "success", "total"), 0)
        for job in wf.jobs:
            for test in job.tests:
                per_test.setdefault(_test_key(job, test), []).append(test)
                counts[test.result if test.result in counts else "error"] += 1
                counts["total"] += 1
        if counts["total"]:
            test_runs.append(
                {
                    "pipeline_number": pipeline.number,
                    "workflow_id": wf.id,
                    "success_rate": counts["success"] / counts["total"],
                    "test_counts": counts,
                }
            )
    summaries: list[dict[str, Any]] = []
    for (job_name, classname, name, file), results in per_test.items():
        failed = sum(1 for t in results if t.result == "failure")
        summaries.append(
            {
                "test_name": name,
                "classname": classname,
                "file": file,
                "source": "pytest",
                "job_name": job_name,
                "total_runs": len(results),
                "failed_runs": failed,
                "p95_duration": _p95([t.run_time for t in results]),
                "flaky": 0 < failed < len(results),
            }
        )
    summaries.sort(key=lambda s: (s["job_name"], s["classname"], s["test_name"]))
    failing = sorted(
        (s for s in summaries if s["failed_runs"]), key=lambda s: -int(s["failed_runs"])
    )
    slowest = sorted(summaries, key=lambda s: -float(s["p95_duration"]))
    total = sum(r["test_counts"]["total"] for r in test_runs)
    return ok(
        {
            "average_test_count": total // len(test_runs) if test_runs else 0,
            "total_test_runs": total,
            "most_failed_tests": failing[:_TOP_TESTS],
            "most_failed_tests_extra": max(0, len(failing) - _TOP_TESTS),
            "slowest_tests": slowest[:_TOP_TESTS],
            "slowest_tests_extra": max(0, len(slowest) - _TOP_TESTS),
            "test_runs": test_runs,
        }
    )


async def flaky_tests(request: web.Request) -> web.Response:
    """Tests that both passed and failed; keys in the spec's kebab-case."""
    data, project = _project(request)
    seen: dict[tuple[str, str, str, str], list[tuple[FakePipeline, FakeWorkflow, FakeJob]]] = {}
    outcomes: dict[tuple[str, str, str, str], set[str]] = {}
    for pipeline, wf in runs(data, project):
        for job in wf.jobs:
            for test in job.tests:
                key = _test_key(job, test)
                outcomes.setdefault(key, set()).add(test.result)
                if test.result == "failure":
                    seen.setdefault(key, []).append((pipeline, wf, job))
    out = []
    for key in sorted(seen):
        if "success" not in outcomes[key]:
            continue
        failures = seen[key]
        pipeline, wf, job = failures[0]  # newest failure
        wasted = sum(
            t.run_time
            for _, _, j in failures
            for t in j.tests
            if _test_key(j, t) == key and t.result == "failure"
        )
        out.append(
            {
                "test-name": key[2],
                "classname": key[1],
                "file": key[3],
                "source": "pytest",
                "job-name": job.name,
                "job-number": job.number,
                "workflow-name": wf.name,
                "workflow-id": wf.id,
                "workflow-created-at": iso(wf.created_at),
                "pipeline-number": pipeline.number,
                "times-flaked": len(failures),
                "time-wasted": int(wasted),
            }
        )
    return ok({"flaky-tests": out, "total-flaky-tests": len(out)})


async def branches(request: web.Request) -> web.Response:
    data, project = _project(request)
    workflow = request.query.get("workflow-name")
    names = sorted({p.branch for p, _ in runs(data, project, workflow=workflow)})
    return ok({"org_id": project.org_id, "project_id": project.id, "branches": names})


def _summary_metrics(items: list[Run], window: timedelta) -> dict[str, Any]:
    total = len(items)
    ok_runs = sum(1 for _, wf in items if wf.status == "success")
    return {
        "total_runs": total,
        "total_duration_secs": sum(workflow_seconds(wf) for _, wf in items),
        "total_credits_used": sum(workflow_credits(wf) for _, wf in items),
        "success_rate": ok_runs / total if total else 0.0,
        "throughput": total / max(1.0, window / timedelta(days=1)),
    }


def _overview(items: list[Run], before: list[Run], window: timedelta) -> dict[str, Any]:
    def numbers(runs_: list[Run]) -> dict[str, Any]:
        summary = _summary_metrics(runs_, window)
        seconds = [workflow_seconds(wf) for _, wf in runs_]
        return {
            "total_runs": summary["total_runs"],
            "total_credits_used": summary["total_credits_used"],
            "total_duration_secs": summary["total_duration_secs"],
            "success_rate": summary["success_rate"],
            "p95_duration_secs": float(_p95(seconds)) if seconds else 0.0,
        }

    now, prev = numbers(items), numbers(before)
    return {"metrics": now, "trends": {k: _ratio(now[k], prev[k]) for k in now}}


def _totals(items: list[Run], before: list[Run], window: timedelta) -> dict[str, Any]:
    now, prev = _summary_metrics(items, window), _summary_metrics(before, window)
    return {"metrics": now, "trends": {k: _ratio(now[k], prev[k]) for k in now}}


async def project_summary(request: web.Request) -> web.Response:
    data, project = _project(request)
    _, window = _window(request)
    wanted_branches = set(request.query.getall("branches", [])) or None
    wanted_workflows = set(request.query.getall("workflow-names", [])) or None

    def select(previous: bool) -> list[Run]:
        items = _in_window(data, project, window, previous=previous, branches=wanted_branches)
        return [r for r in items if wanted_workflows is None or r[1].name in wanted_workflows]

    now, before = select(False), select(True)
    per_workflow = []
    for name, items in sorted(_group(now, lambda r: r[1].name).items()):
        prev = [r for r in before if r[1].name == name]
        per_workflow.append({"workflow_name": name, **_overview(items, prev, window)})
    per_branch = []
    for (name, branch), items in sorted(_group(now, lambda r: (r[1].name, r[0].branch)).items()):
        prev = [r for r in before if r[1].name == name and r[0].branch == branch]
        per_branch.append(
            {"workflow_name": name, "branch": branch, **_overview(items, prev, window)}
        )
    everything = runs(data, project)
    return ok(
        {
            "org_id": project.org_id,
            "project_id": project.id,
            "project_data": _totals(now, before, window),
            "project_workflow_data": per_workflow,
            "project_workflow_branch_data": per_branch,
            "all_branches": sorted({p.branch for p, _ in everything}),
            "all_workflows": sorted({wf.name for _, wf in everything}),
        }
    )


async def org_summary(request: web.Request) -> web.Response:
    fake = fake_of(request)
    org = request.match_info["org_slug"]
    _, window = _window(request)
    projects = [
        project_for(request, slug)
        for slug in sorted(fake.data.projects)
        if slug.rsplit("/", 1)[0] == org
    ]
    if not projects:
        raise ApiError(404, "Organization not found")
    wanted = set(request.query.getall("project-names", [])) or None
    now: list[Run] = []
    before: list[Run] = []
    per_project = []
    for project in projects:
        if wanted is not None and project.name not in wanted:
            continue
        items = _in_window(fake.data, project, window, branches=None)
        prev = _in_window(fake.data, project, window, previous=True, branches=None)
        now += items
        before += prev
        overview = _overview(items, prev, window)
        for part in ("metrics", "trends"):
            overview[part].pop("p95_duration_secs")
        per_project.append({"project_name": project.name, **overview})
    return ok(
        {
            "org_data": _totals(now, before, window),
            "org_project_data": per_project,
            "all_projects": [p.name for p in projects],
        }
    )


async def job_timeseries(request: web.Request) -> web.Response:
    data, project = _project(request)
    granularity = request.query.get("granularity", "daily")
    if granularity not in ("daily", "hourly"):
        raise ApiError(400, f"Invalid granularity {granularity!r}")
    step = timedelta(days=1) if granularity == "daily" else timedelta(hours=1)
    until = _date(request, "end-date") or BASE_TIME
    since = _date(request, "start-date") or until - WINDOWS[_DEFAULT_WINDOW]
    branch = request.query.get("branch")
    items = runs(
        data,
        project,
        branches=None if branch is None else {branch},
        workflow=request.match_info["workflow_name"],
        since=since,
        until=until,
    )
    buckets: dict[tuple[str, datetime], list[FakeJob]] = {}
    for _, wf in items:
        for job in wf.jobs:
            if job.started_at is None:
                continue
            stamp = job.started_at.replace(minute=0, second=0, microsecond=0)
            if granularity == "daily":
                stamp = stamp.replace(hour=0)
            buckets.setdefault((job.name, stamp), []).append(job)
    out = []
    for (name, stamp), jobs in sorted(buckets.items()):
        credits = [job_credits(j) for j in jobs]
        out.append(
            {
                "name": name,
                "timestamp": iso(stamp),
                "min_started_at": iso(min(j.started_at for j in jobs if j.started_at)),
                "max_ended_at": iso(max(j.stopped_at for j in jobs if j.stopped_at)),
                "metrics": {
                    "total_runs": len(jobs),
                    "failed_runs": sum(1 for j in jobs if j.status == "failed"),
                    "successful_runs": sum(1 for j in jobs if j.status == "success"),
                    "throughput": len(jobs) / (step / timedelta(hours=1)),
                    "median_credits_used": int(statistics.median_low(credits)),
                    "total_credits_used": sum(credits),
                    "duration_metrics": _durations([job_seconds(j) for j in jobs], total=True),
                },
            }
        )
    return page(request, out)


def _project(request: web.Request) -> tuple[FakeData, FakeProject]:
    return fake_of(request).data, project_for(request, request.match_info["project_slug"])


def register(app: web.Application) -> None:
    """Add the routes."""
    base = "/api/v2/insights"
    add_slug_route(app, "GET", base + "/pages/{project_slug}/summary", project_summary)
    add_slug_route(
        app,
        "GET",
        base + "/time-series/{project_slug}/workflows/{workflow_name}/jobs",
        job_timeseries,
    )
    add_slug_route(app, "GET", base + "/{project_slug}/branches", branches)
    add_slug_route(app, "GET", base + "/{project_slug}/flaky-tests", flaky_tests)
    add_slug_route(app, "GET", base + "/{project_slug}/workflows", project_workflows)
    add_slug_route(app, "GET", base + "/{project_slug}/workflows/{workflow_name}", workflow_runs)
    add_slug_route(
        app, "GET", base + "/{project_slug}/workflows/{workflow_name}/jobs", workflow_jobs
    )
    add_slug_route(
        app, "GET", base + "/{project_slug}/workflows/{workflow_name}/summary", workflow_summary
    )
    add_slug_route(
        app,
        "GET",
        base + "/{project_slug}/workflows/{workflow_name}/test-metrics",
        test_metrics,
    )
    app.router.add_get(
        base + "/{org_slug:(?:gh|github|bb|bitbucket|circleci)/[^/]+}/summary", org_summary
    )
    app.router.add_get(base + "/{org_slug}/summary", org_summary)
