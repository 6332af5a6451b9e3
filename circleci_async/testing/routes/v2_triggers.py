"""Fake v2 Trigger area: stateful CRUD of the triggers of pipeline definitions."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from circleci_async.testing._web import ApiError, json_body, ok
from circleci_async.testing.routes._v2org import (
    MSG_BAD_BODY,
    check_fields,
    optional_str,
    project_by_id,
    require_obj,
    require_str,
)
from circleci_async.testing.routes.v2_pipeline_definitions import (
    DefinitionsState,
    FakeTrigger,
    definitions_state,
)

__all__ = ["EVENT_PRESETS", "register"]

#: The ``event_preset`` values the spec lists.
EVENT_PRESETS = frozenset(
    {
        "all-pushes",
        "only-tags",
        "default-branch-pushes",
        "only-build-prs",
        "only-open-prs",
        "only-labeled-prs",
        "only-merged-prs",
        "only-ready-for-review-prs",
        "only-branch-delete",
        "only-build-pushes-to-non-draft-prs",
        "only-merged-or-closed-prs",
    }
)
_PROVIDERS = frozenset({"github_app", "github_oauth", "webhook"})
_FIELDS = {"event_preset", "checkout_ref", "config_ref", "event_name", "disabled"}


def _bad(message: str) -> ApiError:
    return ApiError(400, f"{MSG_BAD_BODY} {message}")


def _preset(body: dict[str, Any]) -> str | None:
    preset = optional_str(body, "event_preset")
    if preset is not None and preset not in EVENT_PRESETS:
        raise _bad(f"event_preset {preset!r} is not a known preset")
    return preset


def _disabled(body: dict[str, Any]) -> bool | None:
    value = body.get("disabled")
    if value is not None and not isinstance(value, bool):
        raise _bad("disabled must be a boolean")
    return value


def _sender(source: dict[str, Any]) -> str | None:
    webhook = require_obj(source, "webhook", "event_source.")
    check_fields(webhook, {"sender"}, "event_source.webhook.")
    return optional_str(webhook, "sender", "event_source.webhook.")


def _event_source(state: DefinitionsState, body: dict[str, Any], trigger_id: str) -> dict[str, Any]:
    source = require_obj(body, "event_source")
    check_fields(source, {"provider", "repo", "webhook"}, "event_source.")
    provider = require_str(source, "provider", "event_source.")
    if provider not in _PROVIDERS:
        raise _bad(f"event_source.provider {provider!r} is not supported")
    if provider != "webhook" and "webhook" in source:
        raise _bad("event_source.webhook is only allowed when provider is webhook")
    out: dict[str, Any] = {"provider": provider}
    if provider == "github_app" or "repo" in source:
        repo = require_obj(source, "repo", "event_source.")
        check_fields(repo, {"external_id"}, "event_source.repo.")
        out["repo"] = state.repo_json(require_str(repo, "external_id", "event_source.repo."))
    if provider == "webhook":
        secret = f"{state.rng.getrandbits(128):032x}"
        out["webhook"] = {
            "url": f"https://internal.circleci.invalid/private/soc/e/{trigger_id}?secret={secret}",
            "sender": (_sender(source) if "webhook" in source else None) or "",
        }
    return out


async def list_triggers(request: web.Request) -> web.Response:
    project = project_by_id(request, request.match_info["project_id"])
    state = definitions_state.of(request)
    definition = state.definition(project.id, request.match_info["pipeline_definition_id"])
    items = [t.json() for t in state.triggers.values() if t.definition_id == definition.id]
    return ok({"items": items})


async def create_trigger(request: web.Request) -> web.Response:
    project = project_by_id(request, request.match_info["project_id"])
    state = definitions_state.of(request)
    definition = state.definition(project.id, request.match_info["pipeline_definition_id"])
    body = await json_body(request)
    check_fields(body, {"event_source", *_FIELDS})
    trigger_id = state.new_id()
    source = _event_source(state, body, trigger_id)
    webhook = source["provider"] == "webhook"
    preset = _preset(body)
    if preset is not None and source["provider"] != "github_app":
        raise _bad("event_preset is only allowed when provider is github_app")
    event_name = optional_str(body, "event_name")
    if event_name is not None and not webhook:
        raise _bad("event_name is only allowed when provider is webhook")
    checkout_ref = optional_str(body, "checkout_ref")
    config_ref = optional_str(body, "config_ref")
    if webhook and not (checkout_ref and config_ref):
        raise _bad("checkout_ref and config_ref are required when provider is webhook")
    trigger = state.add_trigger(
        definition,
        source,
        trigger_id=trigger_id,
        event_preset=preset,
        event_name=event_name or "",
        checkout_ref=checkout_ref or "",
        config_ref=config_ref or "",
        disabled=bool(_disabled(body)),
    )
    return ok(trigger.json())


def _trigger(request: web.Request) -> FakeTrigger:
    project = project_by_id(request, request.match_info["project_id"])
    return definitions_state.of(request).trigger(project.id, request.match_info["trigger_id"])


async def get_trigger(request: web.Request) -> web.Response:
    return ok(_trigger(request).json())


async def update_trigger(request: web.Request) -> web.Response:
    trigger = _trigger(request)
    body = await json_body(request)
    check_fields(body, {"event_source", *_FIELDS})
    webhook = trigger.event_source.get("provider") == "webhook"
    preset = _preset(body)
    if preset is not None and trigger.event_source.get("provider") != "github_app":
        raise _bad("event_preset is only allowed for github_app triggers")
    event_name = optional_str(body, "event_name")
    sender: str | None = None
    if "event_source" in body:
        source = require_obj(body, "event_source")
        check_fields(source, {"webhook"}, "event_source.")
        sender = _sender(source) if "webhook" in source else None
    if (event_name is not None or sender is not None) and not webhook:
        raise _bad("event_name and event_source.webhook can only be set on webhook triggers")
    checkout_ref = optional_str(body, "checkout_ref")
    config_ref = optional_str(body, "config_ref")
    disabled = _disabled(body)
    if preset is not None:
        trigger.event_preset = preset
    if event_name is not None:
        trigger.event_name = event_name
    if sender is not None:
        trigger.event_source = {
            **trigger.event_source,
            "webhook": {**trigger.event_source.get("webhook", {}), "sender": sender},
        }
    if checkout_ref is not None:
        trigger.checkout_ref = checkout_ref
    if config_ref is not None:
        trigger.config_ref = config_ref
    if disabled is not None:
        trigger.disabled = disabled
    return ok(trigger.json())


async def delete_trigger(request: web.Request) -> web.Response:
    trigger = _trigger(request)
    del definitions_state.of(request).triggers[trigger.id]
    return ok({"message": "Trigger deleted successfully."})


def register(app: web.Application) -> None:
    """Add the routes."""
    app.router.add_get(
        "/api/v2/projects/{project_id}/pipeline-definitions/{pipeline_definition_id}/triggers",
        list_triggers,
    )
    app.router.add_post(
        "/api/v2/projects/{project_id}/pipeline-definitions/{pipeline_definition_id}/triggers",
        create_trigger,
    )
    app.router.add_get("/api/v2/projects/{project_id}/triggers/{trigger_id}", get_trigger)
    app.router.add_patch("/api/v2/projects/{project_id}/triggers/{trigger_id}", update_trigger)
    app.router.add_delete("/api/v2/projects/{project_id}/triggers/{trigger_id}", delete_trigger)
