"""Fake v2 OIDC Token Management area: custom claims of the organization and its projects.

Errors here are ``{"error": ...}`` bodies, as CircleCI's OIDC service answers.
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from circleci_async.testing._web import ApiError, fake_of, json_body, ok, require_user
from circleci_async.testing.data import iso
from circleci_async.testing.routes._v2admin import admin_state

__all__ = ["register"]

_TTL = re.compile(r"^([0-9]+(ms|s|m|h|d|w)){1,7}$")
_CLAIMS = frozenset({"audience", "ttl"})


def _error(status: int, message: str) -> ApiError:
    return ApiError(status, message, key="error")


def _org(request: web.Request) -> str:
    """The fake organization's id; 403 for any other organization (as CircleCI answers)."""
    try:
        require_user(request)
    except ApiError:
        raise _error(401, "Unauthorized.") from None
    org_id = request.match_info["org_id"]
    if org_id != fake_of(request).data.org_id:
        raise _error(403, "Forbidden: you are not a member of this organization.")
    return org_id


def _claims(request: web.Request) -> dict[str, Any]:
    org_id = _org(request)
    state = admin_state.of(request)
    project_id = request.match_info.get("project_id")
    if project_id is None:
        return state.org_claims.setdefault(org_id, {"org_id": org_id})
    if not any(p.id == project_id for p in fake_of(request).data.projects.values()):
        raise _error(404, "project not found")
    return state.project_claims.setdefault(
        (org_id, project_id), {"org_id": org_id, "project_id": project_id}
    )


async def get_claims(request: web.Request) -> web.Response:
    return ok(_claims(request))


async def patch_claims(request: web.Request) -> web.Response:
    claims = _claims(request)
    try:
        body = await json_body(request)
    except ApiError as exc:
        raise _error(400, exc.message) from None
    unknown = sorted(set(body) - _CLAIMS)
    if unknown:
        raise _error(400, f"unknown claim {unknown[0]!r}")
    audience = body.get("audience")
    ttl = body.get("ttl")
    if audience is not None and (
        not isinstance(audience, list) or not all(isinstance(a, str) and a for a in audience)
    ):
        raise _error(400, "audience must be a list of non-empty strings")
    if ttl is not None and (not isinstance(ttl, str) or not _TTL.match(ttl)):
        raise _error(400, f"ttl {ttl!r} is not a valid duration")
    now = iso(admin_state.of(request).now())
    if audience is not None:
        claims["audience"], claims["audience_updated_at"] = audience, now
    if ttl is not None:
        claims["ttl"], claims["ttl_updated_at"] = ttl, now
    return ok(claims)


async def delete_claims(request: web.Request) -> web.Response:
    claims = _claims(request)
    names = request.query.get("claims")
    if not names:
        raise _error(400, "claims is required")
    unknown = [n for n in names.split(",") if n not in _CLAIMS]
    if unknown:
        raise _error(400, f"invalid claim {unknown[0]!r}: valid claims are audience and ttl")
    for name in names.split(","):
        claims.pop(name, None)
        claims.pop(f"{name}_updated_at", None)
    return ok(claims)


def register(app: web.Application) -> None:
    """Add the routes."""
    for path in (
        "/api/v2/org/{org_id}/oidc-custom-claims",
        "/api/v2/org/{org_id}/project/{project_id}/oidc-custom-claims",
    ):
        app.router.add_get(path, get_claims)
        app.router.add_patch(path, patch_claims)
        app.router.add_delete(path, delete_claims)
