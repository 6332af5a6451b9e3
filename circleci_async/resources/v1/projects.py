"""v1.1 project endpoints: followed projects, follow, checkout keys, SSH keys, env vars."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Projects"]

OPERATIONS: dict[str, str] = {}


class Projects(Resource):
    """``cci.v1.projects``."""

    __slots__ = ()
