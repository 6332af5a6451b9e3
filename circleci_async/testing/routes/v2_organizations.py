"""Fake v2 Organization area: create and delete organizations, URL orb allow-lists."""

from __future__ import annotations

from aiohttp import web

from circleci_async.testing._web import ApiError, Handler, json_body, ok, require_user
from circleci_async.testing.routes._v2admin import (
    FakeAllowListEntry,
    FakeOrg,
    admin_state,
    org_by_slug_or_id,
)
from circleci_async.testing.routes._v2org import MSG_BAD_BODY, check_fields, require_str

__all__ = ["register"]

_VCS_TYPES = frozenset({"github", "bitbucket", "circleci"})
_AUTHS = frozenset({"github-oauth", "none", "bitbucket-oauth", "github-app"})


def _bad(message: str) -> ApiError:
    return ApiError(400, f"{MSG_BAD_BODY} {message}")


def _org(request: web.Request) -> FakeOrg:
    return org_by_slug_or_id(request, request.match_info["org"])


async def create_org(request: web.Request) -> web.Response:
    require_user(request)
    state = admin_state.of(request)
    body = await json_body(request)
    check_fields(body, {"name", "vcs_type"})
    name = require_str(body, "name")
    vcs_type = require_str(body, "vcs_type")
    if vcs_type not in _VCS_TYPES:
        raise _bad(f"vcs_type {vcs_type!r} is not one of github, bitbucket, circleci")
    if vcs_type != "circleci" and any(
        o.name == name and o.vcs_type == vcs_type for o in state.orgs
    ):
        raise ApiError(409, f"Organization {name} already exists.")
    org = FakeOrg(state.new_id(), name, vcs_type)
    state.orgs.append(org)
    return ok(org.json(), 201)


async def delete_org(request: web.Request) -> web.Response:
    org = _org(request)
    admin_state.of(request).orgs.remove(org)
    return ok({"message": "Organization deletion has been scheduled."}, 202)


async def list_allow_list(request: web.Request) -> web.Response:
    return ok({"items": [e.json() for e in _org(request).allow_list]})


async def create_allow_list_entry(request: web.Request) -> web.Response:
    org = _org(request)
    body = await json_body(request)
    check_fields(body, {"name", "prefix", "auth"})
    name = require_str(body, "name")
    prefix = require_str(body, "prefix")
    auth = require_str(body, "auth")
    if auth not in _AUTHS:
        raise _bad(f"auth {auth!r} is not one of {', '.join(sorted(_AUTHS))}")
    if not prefix.startswith("https://"):
        raise _bad("prefix must be an https:// URL")
    if any(e.prefix == prefix for e in org.allow_list):
        raise ApiError(409, "An allow-list entry with this prefix already exists.")
    entry = FakeAllowListEntry(admin_state.of(request).new_id(), name, prefix, auth)
    org.allow_list.append(entry)
    return ok({"id": entry.id, "message": "Created."})


async def delete_allow_list_entry(request: web.Request) -> web.Response:
    org = _org(request)
    entry_id = request.match_info["entry_id"]
    for entry in org.allow_list:
        if entry.id == entry_id:
            org.allow_list.remove(entry)
            return ok({"id": entry.id, "message": "Deleted."})
    raise ApiError(404, "Allow-list entry not found.")


def _add(app: web.Application, method: str, path: str, handler: Handler) -> None:
    """Register ``{org}`` routes for an id or a slug, with escaped or raw slashes."""
    app.router.add_route(method, path, handler)
    raw = path.replace("{org}", "{org:(?:gh|github|bb|bitbucket|circleci)/[^/]+}")
    app.router.add_route(method, raw, handler)


def register(app: web.Application) -> None:
    """Add the routes."""
    app.router.add_post("/api/v2/organization", create_org)
    _add(app, "DELETE", "/api/v2/organization/{org}", delete_org)
    _add(app, "GET", "/api/v2/organization/{org}/url-orb-allow-list", list_allow_list)
    _add(app, "POST", "/api/v2/organization/{org}/url-orb-allow-list", create_allow_list_entry)
    _add(
        app,
        "DELETE",
        "/api/v2/organization/{org}/url-orb-allow-list/{entry_id}",
        delete_allow_list_entry,
    )
