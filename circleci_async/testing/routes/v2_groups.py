"""Fake v2 Groups area: the organization's groups, paged, with create and delete."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from circleci_async.testing._web import ApiError, fake_of, json_body, ok, page
from circleci_async.testing.routes._v2org import (
    PerFake,
    check_fields,
    new_uuid,
    optional_str,
    org_for,
    page_size_param,
    require_str,
    seeded_random,
)

if TYPE_CHECKING:
    from circleci_async.testing.server import FakeCircleCI

__all__ = ["MAX_GROUPS", "FakeGroup", "GroupsState", "groups_state", "register"]

#: Most groups an organization may have; creating one more answers 409.
MAX_GROUPS = 100

_TEAMS = ("Platform", "Payments", "Mobile", "Web", "Data", "ML Ops", "Security", "Infra", "Docs")
_ROLES = ("Admins", "Editors", "Viewers", "Deployers", "Auditors")


@dataclass
class FakeGroup:
    """A group of the fake organization."""

    id: str
    name: str
    description: str | None = None

    def json(self) -> dict[str, Any]:
        """The group as the API shows it."""
        data = {"id": self.id, "name": self.name}
        if self.description is not None:
            data["description"] = self.description
        return data


@dataclass
class GroupsState:
    """The fake organization's groups, in creation order (45 seeded)."""

    rng: random.Random
    groups: list[FakeGroup] = field(default_factory=list)

    def find(self, group_id: str) -> FakeGroup:
        """The group with this id; 404 otherwise."""
        for group in self.groups:
            if group.id == group_id:
                return group
        raise ApiError(404, "Group does not exist.")

    def add(self, name: str, description: str | None = None) -> FakeGroup:
        """Add a group with a fresh id."""
        group = FakeGroup(new_uuid(self.rng), name, description)
        self.groups.append(group)
        return group


def _seed(fake: FakeCircleCI) -> GroupsState:
    state = GroupsState(seeded_random(fake, "groups"))
    for team in _TEAMS:
        for role in _ROLES:
            state.add(f"{team} {role}", f"{role} of the {team} team's projects.")
    return state


#: ``groups_state(fake)``: the groups of one server (tests may add or remove some).
groups_state = PerFake(_seed)


async def list_groups(request: web.Request) -> web.Response:
    org_for(request, request.match_info["org_id"])
    size = page_size_param(request, "limit", default=fake_of(request).page_size)
    return page(request, [g.json() for g in groups_state.of(request).groups], page_size=size)


async def create_group(request: web.Request) -> web.Response:
    org_for(request, request.match_info["org_id"])
    body = await json_body(request)
    check_fields(body, {"name", "description"})
    name = require_str(body, "name")
    description = optional_str(body, "description")
    state = groups_state.of(request)
    if any(g.name == name for g in state.groups):
        raise ApiError(409, f"Failed to create group, group {name} already exists.")
    if len(state.groups) >= MAX_GROUPS:
        raise ApiError(
            409, "Failed to create group, reached max number of groups for this organization."
        )
    return ok(state.add(name, description).json(), 201)


async def get_group(request: web.Request) -> web.Response:
    org_for(request, request.match_info["org_id"])
    return ok(groups_state.of(request).find(request.match_info["group_id"]).json())


async def delete_group(request: web.Request) -> web.Response:
    org_for(request, request.match_info["org_id"])
    state = groups_state.of(request)
    state.groups.remove(state.find(request.match_info["group_id"]))
    return ok({"message": "Group deleted."})


def register(app: web.Application) -> None:
    """Add the routes."""
    app.router.add_get("/api/v2/organizations/{org_id}/groups", list_groups)
    app.router.add_post("/api/v2/organizations/{org_id}/groups", create_group)
    app.router.add_get("/api/v2/organizations/{org_id}/groups/{group_id}", get_group)
    app.router.add_delete("/api/v2/organizations/{org_id}/groups/{group_id}", delete_group)
