"""OIDC Token Management area: custom claims of organizations and projects."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Oidc"]

OPERATIONS: dict[str, str] = {}


class Oidc(Resource):
    """``cci.oidc``."""

    __slots__ = ()
