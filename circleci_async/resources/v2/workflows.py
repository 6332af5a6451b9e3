"""Workflow area: get, cancel, rerun, approve, list jobs."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Workflows"]

OPERATIONS: dict[str, str] = {}


class Workflows(Resource):
    """``cci.workflows``."""

    __slots__ = ()
