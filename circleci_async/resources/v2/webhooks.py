"""Webhook area: outbound webhooks."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from circleci_async._http import codec
from circleci_async.models.v2.webhooks import (
    CreateWebhookRequest,
    UpdateWebhookRequest,
    Webhook,
    WebhookDeleted,
    WebhookScopeInput,
)
from circleci_async.pagination import AsyncPager
from circleci_async.resources._base import Resource
from circleci_async.resources.v2._checks import query_id

__all__ = ["OPERATIONS", "Webhooks"]

OPERATIONS = {
    "getWebhooks": "webhooks.list",
    "createWebhook": "webhooks.create",
    "getWebhookById": "webhooks.get",
    "updateWebhook": "webhooks.update",
    "deleteWebhook": "webhooks.delete",
}

_ALL = "/webhook"
_ONE = "/webhook/{webhook_id}"


class Webhooks(Resource):
    """``cci.webhooks``: outbound webhooks of projects."""

    __slots__ = ()

    def list(self, *, scope_id: str, scope_type: str = "project") -> AsyncPager[Webhook]:
        """Webhooks of a scope: ``scope_id`` is a project's id (``scope_type`` ``project``)."""
        params = codec.query(
            scope_id=query_id(scope_id, "scope_id"), scope_type=_scope_type(scope_type)
        )
        return self._token_pager(_ALL, Webhook, params=params)

    async def create(
        self,
        *,
        name: str,
        url: str,
        events: Sequence[str],
        scope: WebhookScopeInput | Mapping[str, Any],
        signing_secret: str,
        verify_tls: bool = True,
    ) -> Webhook:
        """Create a webhook that POSTs ``events`` to ``url``, signed with ``signing_secret``.

        ``events`` are :class:`WebhookEvent` values (``workflow-completed``, ``job-completed``).
        ``scope`` is ``{"id": project_id, "type": "project"}`` (``type`` may be left out) or a
        :class:`WebhookScopeInput`. ``url`` must be ``https``.
        """
        body = codec.build_body(
            CreateWebhookRequest,
            {
                "name": name,
                "events": _events(events),
                "url": _url(url),
                "verify_tls": verify_tls,
                "signing_secret": signing_secret,
                "scope": _scope(scope),
            },
        )
        return await self._s.call("POST", _ALL, Webhook, json=body)

    async def get(self, webhook_id: str) -> Webhook:
        """Return a webhook."""
        return await self._s.call("GET", _ONE, Webhook, path=_one(webhook_id))

    async def update(
        self,
        webhook_id: str,
        *,
        name: str | None = None,
        events: Sequence[str] | None = None,
        url: str | None = None,
        signing_secret: str | None = None,
        verify_tls: bool | None = None,
    ) -> Webhook:
        """Change a webhook; arguments left at ``None`` are not sent."""
        path = _one(webhook_id)
        body = codec.build_body(
            UpdateWebhookRequest,
            {
                "name": name,
                "events": None if events is None else _events(events),
                "url": None if url is None else _url(url),
                "signing_secret": signing_secret,
                "verify_tls": verify_tls,
            },
        )
        if codec.encode(body) == b"{}":
            raise ValueError("give at least one field to change")
        return await self._s.call("PUT", _ONE, Webhook, path=path, json=body)

    async def delete(self, webhook_id: str) -> WebhookDeleted:
        """Delete a webhook."""
        return await self._s.call("DELETE", _ONE, WebhookDeleted, path=_one(webhook_id))


def _one(webhook_id: str) -> dict[str, str]:
    return {"webhook_id": codec.path_segment(webhook_id, "webhook_id")}


def _scope_type(value: object) -> str:
    if value != "project":
        raise ValueError(f"scope_type must be 'project' (the only scope), got {value!r}")
    return "project"


def _events(value: object) -> builtins.list[str]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise TypeError(f"events must be a list of event names, got {value!r}")
    if not value:
        raise ValueError("events must name at least one event")
    for event in value:
        if not isinstance(event, str):
            raise TypeError(f"events: expected event names (str), got {event!r}")
    return [str(event) for event in value]


def _scope(value: object) -> object:
    if isinstance(value, Mapping) and "type" not in value:
        return {**value, "type": "project"}
    return value


def _url(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"url must be a string, got {value!r}")
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc:
        raise ValueError(
            f"url must be an absolute https URL (CircleCI only delivers to https), got {value!r}"
        )
    return value
