"""Models of the Groups area (``/organizations/{org_id}/groups``)."""

from __future__ import annotations

import msgspec

from circleci_async.models._base import Body, Model

__all__ = ["CreateGroupRequest", "Group", "GroupDeleted"]


class Group(Model):
    """A group of users in an organization (its members are not included)."""

    id: str | None = None
    name: str | None = None
    description: str | None = None


class GroupDeleted(Model):
    """The answer to deleting a group."""

    message: str | None = None


class CreateGroupRequest(Body):
    """Body of ``groups.create``: a new group's name and optional description."""

    name: str
    description: str | msgspec.UnsetType = msgspec.UNSET
