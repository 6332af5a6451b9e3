"""Pipeline Definition area."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "PipelineDefinitions"]

OPERATIONS: dict[str, str] = {}


class PipelineDefinitions(Resource):
    """``cci.pipeline_definitions``."""

    __slots__ = ()
