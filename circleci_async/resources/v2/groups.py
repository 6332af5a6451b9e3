"""Groups area: organization groups."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Groups"]

OPERATIONS: dict[str, str] = {}


class Groups(Resource):
    """``cci.groups``."""

    __slots__ = ()
