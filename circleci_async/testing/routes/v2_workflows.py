"""Fake v2 Workflow area."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from circleci_async.testing._web import ApiError, fake_of, page, project_for
from circleci_async.testing.data import FakeJob, FakeWorkflow, iso

__all__ = ["register", "workflow_for", "workflow_job_json", "workflow_json"]


def workflow_json(workflow: FakeWorkflow) -> dict[str, Any]:
    """A workflow as v2 shows it."""
    return {
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
    if job.approval_request_id is not None:
        data["approval_request_id"] = job.approval_request_id
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
    pipeline = fake_of(request).data.pipelines.get(request.match_info["pipeline_id"])
    if pipeline is None:
        raise ApiError(404, "Pipeline not found")
    project_for(request, pipeline.project_slug)
    return page(request, [workflow_json(w) for w in pipeline.workflows])


def register(app: web.Application) -> None:
    """Add the routes."""
    app.router.add_get("/api/v2/workflow/{id}/job", workflow_jobs)
    app.router.add_get("/api/v2/pipeline/{pipeline_id}/workflow", pipeline_workflows)
