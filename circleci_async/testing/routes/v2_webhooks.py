"""Fake v2 Webhook area: stateful CRUD of outbound webhooks scoped to projects."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from aiohttp import web

from circleci_async.testing._web import ApiError, json_body, ok, page, require_user
from circleci_async.testing.data import BASE_TIME, iso
from circleci_async.testing.routes._v2org import (
    PerFake,
    new_uuid,
    project_by_id,
    seeded_random,
    uuid_param,
)
from circleci_async.testing.routes.v2_projects import mask

if TYPE_CHECKING:
    from circleci_async.testing.server import FakeCircleCI

__all__ = ["EVENTS", "FakeWebhook", "WebhooksState", "register", "webhooks_state"]

#: The events a webhook can subscribe to.
EVENTS = frozenset({"workflow-completed", "job-completed"})
_CREATE_KEYS = {"name", "events", "url", "verify-tls", "signing-secret", "scope"}
_UPDATE_KEYS = {"name", "events", "url", "verify-tls", "signing-secret"}


@dataclass
class FakeWebhook:
    """An outbound webhook; the API shows its signing secret masked."""

    id: str
    name: str
    url: str
    events: list[str]
    scope_id: str
    verify_tls: bool
    signing_secret: str
    created_at: datetime
    updated_at: datetime

    def json(self) -> dict[str, Any]:
        """The webhook as the API shows it."""
        return {
            "id": self.id,
            "name": self.name,
            "url": self.url,
            "events": self.events,
            "scope": {"id": self.scope_id, "type": "project"},
            "verify-tls": self.verify_tls,
            "signing-secret": mask(self.signing_secret),
            "created-at": iso(self.created_at),
            "updated-at": iso(self.updated_at),
        }


@dataclass
class WebhooksState:
    """Webhooks of one server (none at start)."""

    rng: random.Random
    now: datetime
    webhooks: dict[str, FakeWebhook] = field(default_factory=dict)

    def tick(self) -> datetime:
        """A timestamp one second later than the previous one."""
        self.now += timedelta(seconds=1)
        return self.now


def _seed(fake: FakeCircleCI) -> WebhooksState:
    return WebhooksState(seeded_random(fake, "webhooks"), BASE_TIME - timedelta(days=30))


#: ``webhooks_state(fake)``: the webhooks of one server.
webhooks_state = PerFake(_seed)


def _bad(message: str) -> ApiError:
    return ApiError(400, message)


def _name(raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise _bad("name must be a non-empty string")
    return raw


def _events(raw: Any) -> list[str]:
    if not isinstance(raw, list) or not raw:
        raise _bad("events must be a non-empty list")
    for event in raw:
        if event not in EVENTS:
            raise _bad(f"events: {event!r} is not one of {', '.join(sorted(EVENTS))}")
    return sorted(set(raw), key=raw.index)


def _url(raw: Any) -> str:
    if not isinstance(raw, str):
        raise _bad("url must be a string")
    parts = urlsplit(raw)
    if parts.scheme != "https" or not parts.netloc:
        raise _bad("url must be an https URL (only https is supported)")
    return raw


def _flag(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise _bad("verify-tls must be a boolean")
    return raw


def _secret(raw: Any) -> str:
    if not isinstance(raw, str):
        raise _bad("signing-secret must be a string")
    return raw


def _scope(request: web.Request, raw: Any) -> str:
    if not isinstance(raw, dict) or set(raw) != {"id", "type"}:
        raise _bad("scope must be an object with id and type")
    if raw["type"] != "project":
        raise _bad("scope.type must be 'project'")
    try:
        uuid.UUID(str(raw["id"]))
    except ValueError:
        raise _bad(f"scope.id must be a UUID, got {raw['id']!r}") from None
    return project_by_id(request, raw["id"]).id


def _webhook(request: web.Request) -> FakeWebhook:
    require_user(request)
    found = webhooks_state.of(request).webhooks.get(request.match_info["webhook_id"])
    if found is None:
        raise ApiError(404, "Webhook not found.")
    return found


async def list_webhooks(request: web.Request) -> web.Response:
    require_user(request)
    scope_id = uuid_param(request, "scope-id", required=True)
    if request.query.get("scope-type") != "project":
        raise _bad("scope-type must be 'project'")
    project = project_by_id(request, str(scope_id))
    hooks = webhooks_state.of(request).webhooks.values()
    return page(request, [h.json() for h in hooks if h.scope_id == project.id])


async def create_webhook(request: web.Request) -> web.Response:
    require_user(request)
    body = await json_body(request)
    unknown = sorted(set(body) - _CREATE_KEYS)
    if unknown:
        raise _bad(f"Unexpected JSON field '{unknown[0]}'")
    missing = sorted(_CREATE_KEYS - set(body))
    if missing:
        raise _bad(f"{missing[0]} is required")
    state = webhooks_state.of(request)
    now = state.tick()
    hook = FakeWebhook(
        id=new_uuid(state.rng),
        name=_name(body["name"]),
        url=_url(body["url"]),
        events=_events(body["events"]),
        scope_id=_scope(request, body["scope"]),
        verify_tls=_flag(body["verify-tls"]),
        signing_secret=_secret(body["signing-secret"]),
        created_at=now,
        updated_at=now,
    )
    state.webhooks[hook.id] = hook
    return ok(hook.json(), 201)


async def get_webhook(request: web.Request) -> web.Response:
    return ok(_webhook(request).json())


async def update_webhook(request: web.Request) -> web.Response:
    hook = _webhook(request)
    body = await json_body(request)
    unknown = sorted(set(body) - _UPDATE_KEYS)
    if unknown:
        raise _bad(f"Unexpected JSON field '{unknown[0]}'")
    if not body:
        raise _bad("No JSON fields found.")
    checks = {
        "name": ("name", _name),
        "url": ("url", _url),
        "events": ("events", _events),
        "verify-tls": ("verify_tls", _flag),
        "signing-secret": ("signing_secret", _secret),
    }
    changes = {checks[k][0]: checks[k][1](v) for k, v in body.items()}
    for attr, value in changes.items():
        setattr(hook, attr, value)
    hook.updated_at = webhooks_state.of(request).tick()
    return ok(hook.json())


async def delete_webhook(request: web.Request) -> web.Response:
    hook = _webhook(request)
    del webhooks_state.of(request).webhooks[hook.id]
    return ok({"message": "Webhook deleted."})


def register(app: web.Application) -> None:
    """Add the routes."""
    app.router.add_get("/api/v2/webhook", list_webhooks)
    app.router.add_post("/api/v2/webhook", create_webhook)
    app.router.add_get("/api/v2/webhook/{webhook_id}", get_webhook)
    app.router.add_put("/api/v2/webhook/{webhook_id}", update_webhook)
    app.router.add_delete("/api/v2/webhook/{webhook_id}", delete_webhook)
