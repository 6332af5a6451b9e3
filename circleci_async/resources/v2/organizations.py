"""Organization area: organizations and URL orb allow-lists."""

from __future__ import annotations

import builtins

from circleci_async._http import codec
from circleci_async.models._base import Message, Page
from circleci_async.models.v2.organizations import (
    CreateOrganizationRequest,
    CreateUrlOrbAllowListEntryRequest,
    Organization,
    UrlOrbAllowListChange,
    UrlOrbAllowListEntry,
)
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Organizations"]

OPERATIONS = {
    "createOrganization": "organizations.create",
    "deleteOrganization": "organizations.delete",
    "listURLOrbAllowListEntries": "organizations.url_orb_allow_list",
    "createURLOrbAllowListEntry": "organizations.create_url_orb_allow_list_entry",
    "removeURLOrbAllowListEntry": "organizations.delete_url_orb_allow_list_entry",
}

_ONE = "/organization/{org_slug_or_id}"
_ALLOW_LIST = "/organization/{org_slug_or_id}/url-orb-allow-list"
_ALLOW_LIST_ENTRY = "/organization/{org_slug_or_id}/url-orb-allow-list/{allow_list_entry_id}"


def _slug_or_id(value: object, name: str = "org_slug_or_id") -> str:
    """Validate an organization slug (``gh/org``) or id and encode it as one path segment."""
    if isinstance(value, str) and "/" in value:
        return codec.org_slug(value, name)
    return codec.path_segment(value, name)


class Organizations(Resource):
    """``cci.organizations``: create and delete organizations, manage URL orb allow-lists."""

    __slots__ = ()

    async def create(self, *, name: str, vcs_type: str) -> Organization:
        """Create an organization.

        ``vcs_type`` is one of :class:`~circleci_async.models.v2.organizations.OrgVcsType`:
        ``circleci`` creates a standalone organization, ``github``/``bitbucket`` connect one.
        """
        body = codec.build_body(CreateOrganizationRequest, {"name": name, "vcs_type": vcs_type})
        if not body.name.strip():
            raise ValueError("name must not be empty")
        return await self._s.call("POST", "/organization", Organization, json=body)

    async def delete(self, org_slug_or_id: str) -> Message:
        """Delete an organization (CircleCI answers 202: the deletion runs in the background)."""
        path = {"org_slug_or_id": _slug_or_id(org_slug_or_id)}
        return await self._s.call("DELETE", _ONE, Message, path=path)

    async def url_orb_allow_list(self, org_slug_or_id: str) -> builtins.list[UrlOrbAllowListEntry]:
        """Every entry of the organization's URL orb allow-list (not paged)."""
        path = {"org_slug_or_id": _slug_or_id(org_slug_or_id)}
        page = await self._s.call("GET", _ALLOW_LIST, Page[UrlOrbAllowListEntry], path=path)
        return page.items

    async def create_url_orb_allow_list_entry(
        self, org_slug_or_id: str, *, name: str, prefix: str, auth: str
    ) -> UrlOrbAllowListChange:
        """Allow URL orbs whose reference starts with ``prefix``.

        ``auth`` is one of :class:`~circleci_async.models.v2.organizations.UrlOrbAuth`
        (``none``, ``github-app``, ``github-oauth``, ``bitbucket-oauth``).
        """
        path = {"org_slug_or_id": _slug_or_id(org_slug_or_id)}
        body = codec.build_body(
            CreateUrlOrbAllowListEntryRequest, {"name": name, "prefix": prefix, "auth": auth}
        )
        for field in ("name", "prefix", "auth"):
            if not getattr(body, field).strip():
                raise ValueError(f"{field} must not be empty")
        return await self._s.call("POST", _ALLOW_LIST, UrlOrbAllowListChange, path=path, json=body)

    async def delete_url_orb_allow_list_entry(
        self, org_slug_or_id: str, allow_list_entry_id: str
    ) -> UrlOrbAllowListChange:
        """Remove an entry from the organization's URL orb allow-list."""
        path = {
            "org_slug_or_id": _slug_or_id(org_slug_or_id),
            "allow_list_entry_id": codec.path_segment(allow_list_entry_id, "allow_list_entry_id"),
        }
        return await self._s.call("DELETE", _ALLOW_LIST_ENTRY, UrlOrbAllowListChange, path=path)
