"""Trigger area: triggers of pipeline definitions."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Triggers"]

OPERATIONS: dict[str, str] = {}


class Triggers(Resource):
    """``cci.triggers``."""

    __slots__ = ()
