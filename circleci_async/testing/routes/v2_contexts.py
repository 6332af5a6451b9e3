"""Fake v2 Context area: contexts, their environment variables and restrictions, paged."""

from __future__ import annotations

import re
import uuid

from aiohttp import web

from circleci_async.testing._web import ApiError, fake_of, json_body, ok, page, require_user
from circleci_async.testing.routes._v2admin import (
    AdminState,
    FakeContext,
    FakeEnvVar,
    FakeRestriction,
    admin_state,
)
from circleci_async.testing.routes._v2org import MSG_BAD_BODY, check_fields, require_str

__all__ = ["register"]

_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RESTRICTION_TYPES = frozenset({"project", "expression", "group"})


def _bad(message: str) -> ApiError:
    return ApiError(400, f"{MSG_BAD_BODY} {message}")


def _owner_id(request: web.Request, state: AdminState) -> str:
    """The organization named by ``owner-id`` or ``owner-slug``; 404 when unknown."""
    owner_id = request.query.get("owner-id")
    owner_slug = request.query.get("owner-slug")
    owner_type = request.query.get("owner-type", "organization")
    if owner_type not in ("organization", "account"):
        raise ApiError(400, f"owner-type {owner_type!r} is not one of organization, account")
    if (owner_id is None) == (owner_slug is None):
        raise ApiError(400, "Specify exactly one of owner-id and owner-slug.")
    for org in state.orgs:
        if owner_id == org.id or owner_slug in org.slugs():
            return org.id
    raise ApiError(404, "Organization not found.")


def _context(request: web.Request) -> FakeContext:
    require_user(request)
    return admin_state.of(request).context(request.match_info["context_id"])


async def list_contexts(request: web.Request) -> web.Response:
    require_user(request)
    state = admin_state.of(request)
    owner = _owner_id(request, state)
    items = [c.json() for c in state.contexts if c.owner_id == owner]
    return page(request, items)


async def create_context(request: web.Request) -> web.Response:
    require_user(request)
    state = admin_state.of(request)
    body = await json_body(request)
    check_fields(body, {"name", "owner"})
    name = require_str(body, "name")
    owner = body.get("owner")
    if not isinstance(owner, dict):
        raise _bad("owner must be an object")
    check_fields(owner, {"id", "slug", "type"}, "owner.")
    if ("id" in owner) == ("slug" in owner):
        raise _bad("owner needs exactly one of id and slug")
    org = next((o for o in state.orgs if owner.get("id") == o.id), None)
    if org is None:
        org = next((o for o in state.orgs if owner.get("slug") in o.slugs()), None)
    if org is None:
        raise ApiError(404, "Organization not found.")
    if any(c.name == name and c.owner_id == org.id for c in state.contexts):
        raise ApiError(409, f"A context named {name} already exists.")
    ctx = FakeContext(state.new_id(), name, org.id, state.now())
    state.contexts.append(ctx)
    return ok(ctx.json())


async def get_context(request: web.Request) -> web.Response:
    return ok(_context(request).json())


async def delete_context(request: web.Request) -> web.Response:
    ctx = _context(request)
    admin_state.of(request).contexts.remove(ctx)
    return ok({"message": "Context deleted."})


async def list_env_vars(request: web.Request) -> web.Response:
    ctx = _context(request)
    return page(request, [v.json() for v in ctx.env_vars.values()])


async def put_env_var(request: web.Request) -> web.Response:
    ctx = _context(request)
    name = request.match_info["env_var_name"]
    if not _ENV_NAME.match(name):
        raise ApiError(400, f"Invalid environment variable name {name!r}.")
    body = await json_body(request)
    check_fields(body, {"value"})
    value = body.get("value")
    if not isinstance(value, str):
        raise _bad("value must be a string")
    now = admin_state.of(request).now()
    var = ctx.env_vars.get(name)
    if var is None:
        var = ctx.env_vars[name] = FakeEnvVar(name, value, ctx.id, now, now)
    else:
        var.value, var.updated_at = value, now
    return ok(var.json())


async def delete_env_var(request: web.Request) -> web.Response:
    ctx = _context(request)
    if ctx.env_vars.pop(request.match_info["env_var_name"], None) is None:
        raise ApiError(404, "Environment variable not found.")
    return ok({"message": "Environment variable deleted."})


async def list_restrictions(request: web.Request) -> web.Response:
    ctx = _context(request)
    return page(request, [r.json() for r in ctx.restrictions])


async def create_restriction(request: web.Request) -> web.Response:
    ctx = _context(request)
    body = await json_body(request)
    check_fields(body, {"restriction_type", "restriction_value"})
    kind = require_str(body, "restriction_type")
    value = require_str(body, "restriction_value")
    if kind not in _RESTRICTION_TYPES:
        raise ApiError(400, "This restriction cannot be applied to this context.")
    name = ""
    if kind == "project":
        project = next((p for p in fake_of(request).data.projects.values() if p.id == value), None)
        if project is None:
            raise ApiError(
                400, "Project does not exist, or user does not have access to this project."
            )
        name = project.name
    elif kind == "group":
        try:
            uuid.UUID(value)
        except ValueError:
            raise ApiError(400, "This restriction cannot be applied to this context.") from None
    if any(r.type == kind and r.value == value for r in ctx.restrictions):
        raise ApiError(409, "The restriction you're trying to add already exists.")
    restriction = FakeRestriction(admin_state.of(request).new_id(), ctx.id, kind, value, name)
    ctx.restrictions.append(restriction)
    return ok(restriction.json(), 201)


async def delete_restriction(request: web.Request) -> web.Response:
    ctx = _context(request)
    restriction_id = request.match_info["restriction_id"]
    for restriction in ctx.restrictions:
        if restriction.id == restriction_id:
            ctx.restrictions.remove(restriction)
            return ok({"message": "Context restriction deleted."})
    raise ApiError(404, "Context restriction not found.")


def register(app: web.Application) -> None:
    """Add the routes."""
    app.router.add_get("/api/v2/context", list_contexts)
    app.router.add_post("/api/v2/context", create_context)
    app.router.add_get("/api/v2/context/{context_id}", get_context)
    app.router.add_delete("/api/v2/context/{context_id}", delete_context)
    env = "/api/v2/context/{context_id}/environment-variable"
    app.router.add_get(env, list_env_vars)
    app.router.add_put(env + "/{env_var_name}", put_env_var)
    app.router.add_delete(env + "/{env_var_name}", delete_env_var)
    restrictions = "/api/v2/context/{context_id}/restrictions"
    app.router.add_get(restrictions, list_restrictions)
    app.router.add_post(restrictions, create_restriction)
    app.router.add_delete(restrictions + "/{restriction_id}", delete_restriction)
