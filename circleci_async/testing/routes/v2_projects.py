"""Fake v2 Project area."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from circleci_async.testing._web import add_slug_route, ok, project_for
from circleci_async.testing.data import FakeProject

__all__ = ["project_json", "register"]


def project_json(project: FakeProject) -> dict[str, Any]:
    """A project as v2 shows it."""
    return {
        "slug": project.slug,
        "name": project.name,
        "id": project.id,
        "organization_name": project.org,
        "organization_slug": f"{project.vcs}/{project.org}",
        "organization_id": project.org_id,
        "vcs_info": {
            "vcs_url": project.vcs_url,
            "provider": "Bitbucket" if project.vcs in ("bb", "bitbucket") else "GitHub",
            "default_branch": project.default_branch,
        },
    }


async def get_project(request: web.Request) -> web.Response:
    return ok(project_json(project_for(request, request.match_info["project_slug"])))


def register(app: web.Application) -> None:
    """Add the routes."""
    add_slug_route(app, "GET", "/api/v2/project/{project_slug}", get_project)
