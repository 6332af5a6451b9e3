"""Context area: contexts, their environment variables and restrictions."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Contexts"]

OPERATIONS: dict[str, str] = {}


class Contexts(Resource):
    """``cci.contexts``."""

    __slots__ = ()
