"""Fake v2 User area."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from circleci_async.testing._web import ApiError, fake_of, ok, require_user
from circleci_async.testing.data import FakeUser

__all__ = ["register", "user_json"]


def user_json(user: FakeUser) -> dict[str, Any]:
    """A user as v2 shows it."""
    return {"id": user.id, "login": user.login, "name": user.name, "avatar_url": user.avatar_url}


async def me(request: web.Request) -> web.Response:
    return ok(user_json(require_user(request)))


async def collaborations(request: web.Request) -> web.Response:
    require_user(request)
    data = fake_of(request).data
    orgs = sorted({slug.rsplit("/", 1)[0] for slug in data.projects})
    return ok(
        [
            {
                "id": data.org_id,
                "vcs-type": "github",
                "name": org.split("/")[1],
                "avatar_url": f"https://avatars.example/{org.split('/')[1]}",
                "slug": org,
            }
            for org in orgs
        ]
    )


async def get_user(request: web.Request) -> web.Response:
    require_user(request)
    wanted = request.match_info["id"]
    for user in fake_of(request).data.users:
        if user.id == wanted:
            return ok(user_json(user))
    raise ApiError(404, "User not found")


def register(app: web.Application) -> None:
    """Add the routes."""
    app.router.add_get("/api/v2/me", me)
    app.router.add_get("/api/v2/me/collaborations", collaborations)
    app.router.add_get("/api/v2/user/{id}", get_user)
