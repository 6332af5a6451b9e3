"""Fake v2 Job area."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aiohttp import web

from circleci_async.testing._web import add_slug_route, fake_of, job_for, page
from circleci_async.testing.data import FakeArtifact, FakeJob

__all__ = ["artifact_url", "register"]


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


async def job_artifacts(request: web.Request) -> web.Response:
    job = job_for(request, request.match_info["project_slug"], request.match_info["job_number"])
    base = fake_of(request).artifacts_url
    return page(request, [artifact_json(base, job, a) for a in job.artifacts])


def register(app: web.Application) -> None:
    """Add the routes."""
    add_slug_route(
        app, "GET", "/api/v2/project/{project_slug}/{job_number}/artifacts", job_artifacts
    )
