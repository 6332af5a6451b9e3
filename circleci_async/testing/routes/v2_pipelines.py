"""Fake v2 Pipeline area."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from circleci_async.testing._web import add_slug_route, fake_of, page, project_for
from circleci_async.testing.data import FakePipeline, iso

__all__ = ["pipeline_json", "register"]


def pipeline_json(pipeline: FakePipeline) -> dict[str, Any]:
    """A pipeline as v2 shows it."""
    return {
        "id": pipeline.id,
        "errors": [],
        "project_slug": pipeline.project_slug,
        "updated_at": iso(pipeline.created_at),
        "number": pipeline.number,
        "trigger_parameters": pipeline.parameters,
        "state": pipeline.state,
        "created_at": iso(pipeline.created_at),
        "trigger": {
            "type": pipeline.trigger_type,
            "received_at": iso(pipeline.created_at),
            "actor": {"login": pipeline.actor, "avatar_url": None},
        },
        "vcs": {
            "provider_name": "GitHub",
            "target_repository_url": f"https://github.com/{pipeline.project_slug[3:]}",
            "origin_repository_url": f"https://github.com/{pipeline.project_slug[3:]}",
            "branch": pipeline.branch,
            "revision": pipeline.revision,
            "commit": {"subject": f"Change {pipeline.number}", "body": ""},
        },
    }


async def list_for_project(request: web.Request) -> web.Response:
    slug = request.match_info["project_slug"]
    project_for(request, slug)
    pipelines = fake_of(request).data.project_pipelines(slug, request.query.get("branch"))
    return page(request, [pipeline_json(p) for p in pipelines])


def register(app: web.Application) -> None:
    """Add the routes."""
    add_slug_route(app, "GET", "/api/v2/project/{project_slug}/pipeline", list_for_project)
