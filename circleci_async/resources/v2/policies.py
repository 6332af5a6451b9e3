"""Policy Management area: policy bundles and decisions."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Policies"]

OPERATIONS: dict[str, str] = {}


class Policies(Resource):
    """``cci.policies``."""

    __slots__ = ()
