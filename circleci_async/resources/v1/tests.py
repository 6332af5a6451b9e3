"""v1.1 test metadata of a build."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Tests"]

OPERATIONS: dict[str, str] = {}


class Tests(Resource):
    """``cci.v1.tests``."""

    __slots__ = ()
