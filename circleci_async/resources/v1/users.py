"""v1.1 user endpoints: the signed-in user and the Heroku key."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Users"]

OPERATIONS: dict[str, str] = {}


class Users(Resource):
    """``cci.v1.users``."""

    __slots__ = ()
