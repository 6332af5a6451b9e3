"""Schedule area: scheduled pipelines."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Schedules"]

OPERATIONS: dict[str, str] = {}


class Schedules(Resource):
    """``cci.schedules``."""

    __slots__ = ()
