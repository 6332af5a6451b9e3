"""v1.1 build endpoints: recent builds, build details, retry, cancel, trigger."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Builds"]

OPERATIONS: dict[str, str] = {}


class Builds(Resource):
    """``cci.v1.builds``."""

    __slots__ = ()
