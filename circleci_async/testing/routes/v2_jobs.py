"""Fake v2 Job area: details, artifacts, tests (paged), cancellation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import quote

from aiohttp import web

from circleci_async.testing._web import (
    ApiError,
    add_slug_route,
    fake_of,
    job_for,
    ok,
    page,
    project_for,
    require_user,
)
from circleci_async.testing.data import FakeArtifact, FakeJob, FakeTestResult, iso

__all__ = ["artifact_url", "job_details_json", "register"]

_CANCELABLE = frozenset({"running", "queued", "on_hold", "blocked", "not_running"})


def artifact_url(base: str, job: FakeJob, artifact: FakeArtifact) -> str:
    """The artifact-host URL of an artifact."""
    return (
        f"{base}/output/job/{job.id}/artifacts/{artifact.node_index}/{quote(artifact.key, safe='')}"
    )


def artifact_json(base: str, job: FakeJob, artifact: FakeArtifact) -> dict[str, Any]:
    """An artifact as v2 lists it."""
    return {
        "path": artifact.path,
        "node_index": artifact.node_index,
        "url": artifact_url(base, job, artifact),
    }


def test_json(test: FakeTestResult) -> dict[str, Any]:
    """A test result as v2 lists it."""
    return {
        "message": test.message,
        "source": "junit",
        "run_time": test.run_time,
        "file": test.file,
        "result": test.result,
        "name": test.name,
        "classname": test.classname,
    }


def job_details_json(request: web.Request, job: FakeJob) -> dict[str, Any]:
    """A job as ``getJobDetails`` shows it."""
    data = fake_of(request).data
    project = data.projects[job.project_slug]
    workflow = data.workflows[job.workflow_id]
    duration = None
    if job.started_at is not None and job.stopped_at is not None:
        duration = int((job.stopped_at - job.started_at).total_seconds() * 1000)
    queued = job.started_at - timedelta(seconds=2) if job.started_at else workflow.created_at
    node_status = job.status if job.status != "queued" else "not_run"
    return {
        "web_url": f"https://app.circleci.com/pipelines/{project.slug}/"
        f"{workflow.pipeline_number}/workflows/{workflow.id}/jobs/{job.number}",
        "project": {
            "id": project.id,
            "slug": project.slug,
            "name": project.name,
            "external_url": project.vcs_url,
        },
        "parallel_runs": [{"index": i, "status": node_status} for i in range(job.parallelism)],
        "started_at": iso(job.started_at),
        "latest_workflow": {"id": workflow.id, "name": workflow.name},
        "name": job.name,
        "executor": {"resource_class": "medium", "type": "docker"},
        "parallelism": job.parallelism,
        "status": job.status,
        "number": job.number,
        "pipeline": {"id": job.pipeline_id},
        "duration": duration,
        "created_at": iso(workflow.created_at),
        "messages": [],
        "contexts": [],
        "organization": {"name": project.org},
        "queued_at": iso(queued),
        "stopped_at": iso(job.stopped_at),
    }


async def job_artifacts(request: web.Request) -> web.Response:
    job = job_for(request, request.match_info["project_slug"], request.match_info["job_number"])
    base = fake_of(request).artifacts_url
    return page(request, [artifact_json(base, job, a) for a in job.artifacts])


async def job_tests(request: web.Request) -> web.Response:
    job = job_for(request, request.match_info["project_slug"], request.match_info["job_number"])
    if not job.tests:
        return ok({"items": []})  # real CircleCI leaves out next_page_token here
    return page(request, [test_json(t) for t in job.tests])


async def job_details(request: web.Request) -> web.Response:
    job = job_for(request, request.match_info["project_slug"], request.match_info["job_number"])
    return ok(job_details_json(request, job))


def _cancel(request: web.Request, job: FakeJob) -> web.Response:
    user = require_user(request)
    if job.status in _CANCELABLE:
        job.status, job.canceled_by = "canceled", user.id
        if job.started_at is not None:
            job.stopped_at = fake_of(request).data.tick()
    return ok({"message": "Accepted."})


async def cancel_by_number(request: web.Request) -> web.Response:
    job = job_for(request, request.match_info["project_slug"], request.match_info["job_number"])
    return _cancel(request, job)


async def cancel_by_id(request: web.Request) -> web.Response:
    job = fake_of(request).data.jobs.get(request.match_info["job_id"])
    if job is None:
        raise ApiError(404, "Job not found")
    project_for(request, job.project_slug)
    return _cancel(request, job)


def register(app: web.Application) -> None:
    """Add the routes."""
    add_slug_route(
        app, "GET", "/api/v2/project/{project_slug}/{job_number}/artifacts", job_artifacts
    )
    add_slug_route(app, "GET", "/api/v2/project/{project_slug}/{job_number}/tests", job_tests)
    add_slug_route(app, "GET", "/api/v2/project/{project_slug}/job/{job_number}", job_details)
    add_slug_route(
        app, "POST", "/api/v2/project/{project_slug}/job/{job_number}/cancel", cancel_by_number
    )
    app.router.add_post("/api/v2/jobs/{job_id}/cancel", cancel_by_id)
