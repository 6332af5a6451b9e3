"""Groups area: groups of users in an organization."""

from __future__ import annotations

from circleci_async._http import codec
from circleci_async.models.v2.groups import CreateGroupRequest, Group, GroupDeleted
from circleci_async.pagination import AsyncPager
from circleci_async.resources._base import Resource
from circleci_async.resources.v2._checks import page_size

__all__ = ["OPERATIONS", "Groups"]

OPERATIONS = {
    "getOrganizationGroups": "groups.list",
    "createOrganizationGroup": "groups.create",
    "getGroup": "groups.get",
    "deleteGroup": "groups.delete",
}


class Groups(Resource):
    """``cci.groups``: groups of an organization (by organization id)."""

    __slots__ = ()

    def list(self, org_id: str, *, limit: int | None = None) -> AsyncPager[Group]:
        """Groups of an organization; ``limit`` is the number per page (server default)."""
        path = {"org_id": codec.path_segment(org_id, "org_id")}
        if limit is not None:
            page_size(limit, "limit")
        return self._token_pager(
            "/organizations/{org_id}/groups", Group, path=path, params=codec.query(limit=limit)
        )

    async def create(self, org_id: str, *, name: str, description: str | None = None) -> Group:
        """Create a group in an organization."""
        path = {"org_id": codec.path_segment(org_id, "org_id")}
        body = codec.build_body(CreateGroupRequest, {"name": name, "description": description})
        return await self._s.call(
            "POST", "/organizations/{org_id}/groups", Group, path=path, json=body
        )

    async def get(self, org_id: str, group_id: str) -> Group:
        """Return a group (without its members)."""
        return await self._s.call(
            "GET", "/organizations/{org_id}/groups/{group_id}", Group, path=_path(org_id, group_id)
        )

    async def delete(self, org_id: str, group_id: str) -> GroupDeleted:
        """Delete a group, its memberships and the role grants tied to it."""
        return await self._s.call(
            "DELETE",
            "/organizations/{org_id}/groups/{group_id}",
            GroupDeleted,
            path=_path(org_id, group_id),
        )


def _path(org_id: str, group_id: str) -> dict[str, str]:
    return {
        "org_id": codec.path_segment(org_id, "org_id"),
        "group_id": codec.path_segment(group_id, "group_id"),
    }
