"""Rollback area: roll a project back."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Rollbacks"]

OPERATIONS: dict[str, str] = {}


class Rollbacks(Resource):
    """``cci.rollbacks``."""

    __slots__ = ()
