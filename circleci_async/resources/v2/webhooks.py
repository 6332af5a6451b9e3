"""Webhook area: outbound webhooks."""

from __future__ import annotations

from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Webhooks"]

OPERATIONS: dict[str, str] = {}


class Webhooks(Resource):
    """``cci.webhooks``."""

    __slots__ = ()
