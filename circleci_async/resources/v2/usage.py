"""Usage area: usage export jobs."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Usage"]

OPERATIONS: dict[str, str] = {}


class Usage(Resource):
    """``cci.usage``."""

    __slots__ = ()
