"""Fake v2 Workflow area: get, jobs, approve, cancel, rerun (with state)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from circleci_async.testing._web import (
    ApiError,
    fake_of,
    json_body,
    ok,
    page,
    project_for,
    require_user,
)
from circleci_async.testing.data import FakeJob, FakeWorkflow, iso
from circleci_async.testing.routes._v2org import MSG_BAD_BODY, check_fields

__all__ = ["register", "workflow_for", "workflow_job_json", "workflow_json"]

#: Statuses of a workflow that is still going (cancel stops it; rerun refuses it).
ACTIVE = frozenset({"running", "on_hold", "failing", "not_run"})
_ACTIVE_JOB = frozenset({"running", "queued", "on_hold", "blocked", "not_running"})


def workflow_json(workflow: FakeWorkflow) -> dict[str, Any]:
    """A workflow as v2 shows it."""
    data: dict[str, Any] = {
        "pipeline_id": workflow.pipeline_id,
        "id": workflow.id,
        "name": workflow.name,
        "project_slug": workflow.project_slug,
        "status": workflow.status,
        "started_by": workflow.started_by,
        "pipeline_number": workflow.pipeline_number,
        "created_at": iso(workflow.created_at),
        "stopped_at": iso(workflow.stopped_at),
        "tag": workflow.tag,
    }
    if workflow.canceled_by is not None:
        data["canceled_by"] = workflow.canceled_by
    return data


def workflow_job_json(job: FakeJob) -> dict[str, Any]:
    """A job as a workflow lists it."""
    data: dict[str, Any] = {
        "dependencies": [],
        "id": job.id,
        "started_at": iso(job.started_at),
        "name": job.name,
        "project_slug": job.project_slug,
        "status": job.status,
        "type": job.type,
        "stopped_at": iso(job.stopped_at),
    }
    if job.number is not None:
        data["job_number"] = job.number
    for key in ("approval_request_id", "approved_by", "canceled_by"):
        if getattr(job, key) is not None:
            data[key] = getattr(job, key)
    return data


def workflow_for(request: web.Request, workflow_id: str) -> FakeWorkflow:
    """Look up a workflow the caller may see; 404 otherwise."""
    workflow = fake_of(request).data.workflows.get(workflow_id)
    if workflow is None:
        raise ApiError(404, "Workflow not found")
    project_for(request, workflow.project_slug)
    return workflow


async def workflow_jobs(request: web.Request) -> web.Response:
    workflow = workflow_for(request, request.match_info["id"])
    return page(request, [workflow_job_json(j) for j in workflow.jobs])


async def pipeline_workflows(request: web.Request) -> web.Response:
    data = fake_of(request).data
    pipeline = data.pipelines.get(request.match_info["pipeline_id"])
    if pipeline is None:
        raise ApiError(404, "Pipeline not found")
    project_for(request, pipeline.project_slug)
    if data.advance_on_read and "page-token" not in request.query:
        data.advance(pipeline.id)  # one step per listing, not per page
    return page(request, [workflow_json(w) for w in pipeline.workflows])


async def get_workflow(request: web.Request) -> web.Response:
    return ok(workflow_json(workflow_for(request, request.match_info["id"])))


async def approve(request: web.Request) -> web.Response:
    user = require_user(request)
    workflow = workflow_for(request, request.match_info["id"])
    request_id = request.match_info["approval_request_id"]
    approvals = [j for j in workflow.jobs if j.type == "approval"]
    job = next((j for j in approvals if request_id in (j.approval_request_id, j.id)), None)
    if job is None:
        raise ApiError(404, "Approval request not found")
    if job.status != "on_hold":
        raise ApiError(400, "Job is not on hold")
    now = fake_of(request).data.tick()
    job.status, job.approved_by = "success", user.id
    job.started_at = job.stopped_at = now
    if workflow.status == "on_hold" and not any(j.status == "on_hold" for j in workflow.jobs):
        workflow.status = "running"
    return ok({"message": "Accepted."}, status=202)


async def cancel(request: web.Request) -> web.Response:
    user = require_user(request)
    workflow = workflow_for(request, request.match_info["id"])
    if workflow.status in ACTIVE:
        now = fake_of(request).data.tick()
        workflow.status, workflow.canceled_by, workflow.stopped_at = "canceled", user.id, now
        for job in workflow.jobs:
            if job.status in _ACTIVE_JOB:
                job.status, job.canceled_by = "canceled", user.id
                if job.started_at is not None:
                    job.stopped_at = now
    return ok({"message": "Accepted."}, status=202)


def _rerun_jobs(workflow: FakeWorkflow, body: dict[str, Any]) -> list[FakeJob]:
    from_failed, job_ids = body.get("from_failed", False), body.get("jobs")
    for key in ("enable_ssh", "from_failed", "sparse_tree"):
        if not isinstance(body.get(key, False), bool):
            raise ApiError(400, f"{MSG_BAD_BODY} {key} must be a boolean")
    if job_ids is not None:
        if from_failed:
            raise ApiError(400, "Only one of from_failed or jobs may be given")
        if not isinstance(job_ids, list) or not all(isinstance(i, str) for i in job_ids):
            raise ApiError(400, f"{MSG_BAD_BODY} jobs must be a list of job ids")
        known = {j.id: j for j in workflow.jobs}
        for job_id in job_ids:
            if job_id not in known:
                raise ApiError(400, f"Job {job_id} is not part of workflow {workflow.id}")
        return [known[i] for i in job_ids]
    if from_failed:
        first = next((i for i, j in enumerate(workflow.jobs) if j.status == "failed"), None)
        if first is None:
            raise ApiError(400, "Workflow has no failed jobs to rerun")
        return workflow.jobs[first:]
    return list(workflow.jobs)


async def rerun(request: web.Request) -> web.Response:
    user = require_user(request)
    workflow = workflow_for(request, request.match_info["id"])
    body = await json_body(request) if await request.read() else {}
    check_fields(body, {"enable_ssh", "from_failed", "jobs", "sparse_tree"})
    if workflow.status in ACTIVE:
        raise ApiError(400, "Cannot rerun a workflow that is still running")
    jobs = _rerun_jobs(workflow, body)
    data = fake_of(request).data
    pipeline = data.pipelines[workflow.pipeline_id]
    new = data.add_workflow(pipeline, workflow.name, jobs=())
    new.started_by = user.id
    for job in jobs:
        data.add_job(new, job.name, job_type=job.type, parallelism=job.parallelism)
    data.start_workflow(new)
    return ok({"workflow_id": new.id}, status=202)


def register(app: web.Application) -> None:
    """Add the routes."""
    router = app.router
    router.add_get("/api/v2/workflow/{id}", get_workflow)
    router.add_get("/api/v2/workflow/{id}/job", workflow_jobs)
    router.add_post("/api/v2/workflow/{id}/approve/{approval_request_id}", approve)
    router.add_post("/api/v2/workflow/{id}/cancel", cancel)
    router.add_post("/api/v2/workflow/{id}/rerun", rerun)
    router.add_get("/api/v2/pipeline/{pipeline_id}/workflow", pipeline_workflows)
