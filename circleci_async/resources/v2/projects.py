"""Project area: projects and their settings, checkout keys and environment variables."""

from __future__ import annotations

from circleci_async._http import codec
from circleci_async.models.v2.projects import Project
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Projects"]

OPERATIONS = {
    "getProjectBySlug": "projects.get",
}


class Projects(Resource):
    """``cci.projects``: projects."""

    __slots__ = ()

    async def get(self, project_slug: str) -> Project:
        """Return a project by slug (``gh/org/repo``)."""
        return await self._s.call(
            "GET",
            "/project/{project_slug}",
            Project,
            path={"project_slug": codec.project_slug(project_slug)},
        )
