"""Deploy area: environments, components and versions."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Deploys"]

OPERATIONS: dict[str, str] = {}


class Deploys(Resource):
    """``cci.deploys``."""

    __slots__ = ()
