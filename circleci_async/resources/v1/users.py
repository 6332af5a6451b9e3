"""v1.1 user endpoints: the signed-in user and the Heroku key."""

from __future__ import annotations

from circleci_async._http import codec
from circleci_async.models.v1.users import HerokuKeyRequest, User
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Users"]

OPERATIONS = {
    "v1.1 GET /me": "v1.users.me",
    "v1.1 POST /user/heroku-key": "v1.users.add_heroku_key",
}


class Users(Resource):
    """``cci.v1.users``: the signed-in user."""

    __slots__ = ()

    async def me(self) -> User:
        """The user the token belongs to (``GET /me``)."""
        return await self._s.call("GET", "/me", User, api="v1.1")

    async def add_heroku_key(self, *, apikey: str) -> None:
        """Store a Heroku API key on the user's account.

        This endpoint lives at ``{host}/user/heroku-key``, outside ``/api/v1.1``; it answers
        with an empty body.
        """
        body = codec.build_body(HerokuKeyRequest, {"apikey": apikey})
        if not body.apikey.strip():
            raise ValueError("apikey must not be empty")
        await self._s.request("POST", "/user/heroku-key", json=body, api="root")
