"""Organization area: organizations and URL orb allow-lists."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Organizations"]

OPERATIONS: dict[str, str] = {}


class Organizations(Resource):
    """``cci.organizations``."""

    __slots__ = ()
