"""Deploy area: environments, components and the versions deployed of them."""

from __future__ import annotations

from circleci_async._http import codec
from circleci_async.models.v2.deploys import Component, ComponentVersion, Environment
from circleci_async.pagination import AsyncPager
from circleci_async.resources._base import Resource
from circleci_async.resources.v2._checks import page_size as check_page_size
from circleci_async.resources.v2._checks import query_id

__all__ = ["DEFAULT_PAGE_SIZE", "OPERATIONS", "Deploys"]

OPERATIONS = {
    "listEnvironments": "deploys.list_environments",
    "getEnvironment": "deploys.get_environment",
    "listComponents": "deploys.list_components",
    "getComponent": "deploys.get_component",
    "listComponentVersions": "deploys.list_component_versions",
}

#: Items per page asked for when the caller gives no ``page_size`` (the API requires one).
DEFAULT_PAGE_SIZE = 50


class Deploys(Resource):
    """``cci.deploys``: deploy environments, components and component versions."""

    __slots__ = ()

    def list_environments(
        self, *, org_id: str, page_size: int = DEFAULT_PAGE_SIZE
    ) -> AsyncPager[Environment]:
        """Deploy environments of an organization (by organization id)."""
        params = codec.query(
            org_id=query_id(org_id, "org_id"), page_size=check_page_size(page_size, "page_size")
        )
        return self._token_pager("/deploy/environments", Environment, params=params)

    async def get_environment(self, environment_id: str) -> Environment:
        """Return a deploy environment."""
        return await self._s.call(
            "GET",
            "/deploy/environments/{environment_id}",
            Environment,
            path={"environment_id": codec.path_segment(environment_id, "environment_id")},
        )

    def list_components(
        self, *, org_id: str, project_id: str | None = None, page_size: int = DEFAULT_PAGE_SIZE
    ) -> AsyncPager[Component]:
        """Components of an organization, or of one project when ``project_id`` is given."""
        params = codec.query(
            org_id=query_id(org_id, "org_id"),
            project_id=None if project_id is None else query_id(project_id, "project_id"),
            page_size=check_page_size(page_size, "page_size"),
        )
        return self._token_pager("/deploy/components", Component, params=params)

    async def get_component(self, component_id: str) -> Component:
        """Return a component."""
        return await self._s.call(
            "GET",
            "/deploy/components/{component_id}",
            Component,
            path={"component_id": codec.path_segment(component_id, "component_id")},
        )

    def list_component_versions(
        self, component_id: str, *, environment_id: str | None = None
    ) -> AsyncPager[ComponentVersion]:
        """Versions of a component; with ``environment_id``, only those deployed there."""
        path = {"component_id": codec.path_segment(component_id, "component_id")}
        params = codec.query(
            environment_id=None
            if environment_id is None
            else query_id(environment_id, "environment_id")
        )
        return self._token_pager(
            "/deploy/components/{component_id}/versions",
            ComponentVersion,
            path=path,
            params=params,
        )
