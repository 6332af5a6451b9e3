"""User area: the signed-in user, other users, and the caller's organizations."""

from __future__ import annotations

from circleci_async._http import codec
from circleci_async.models.v2.users import Collaboration, User
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Users"]

OPERATIONS = {
    "getCurrentUser": "users.me",
    "getCollaborations": "users.collaborations",
    "getUser": "users.get",
}


class Users(Resource):
    """``cci.users``: users and their organizations."""

    __slots__ = ()

    async def me(self) -> User:
        """Return the user the token belongs to."""
        return await self._s.call("GET", "/me", User)

    async def collaborations(self) -> list[Collaboration]:
        """Return the organizations the signed-in user belongs to."""
        return await self._s.call("GET", "/me/collaborations", list[Collaboration])

    async def get(self, id: str) -> User:
        """Return a user by id."""
        return await self._s.call(
            "GET", "/user/{id}", User, path={"id": codec.path_segment(id, "id")}
        )
