"""Insights area: workflow, job and test metrics."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Insights"]

OPERATIONS: dict[str, str] = {}


class Insights(Resource):
    """``cci.insights``."""

    __slots__ = ()
