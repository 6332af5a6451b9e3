"""v1.1 artifact endpoints: artifacts of a build, latest artifacts."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Artifacts"]

OPERATIONS: dict[str, str] = {}


class Artifacts(Resource):
    """``cci.v1.artifacts``."""

    __slots__ = ()
