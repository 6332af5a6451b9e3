"""Trigger area: which events start the pipelines of a pipeline definition."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

from circleci_async._http import codec
from circleci_async.models._base import Page
from circleci_async.models.v2.triggers import (
    CreateTriggerRequest,
    EventSourceInput,
    EventSourceUpdate,
    Trigger,
    TriggerDeleted,
    UpdateTriggerRequest,
)
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Triggers"]

OPERATIONS = {
    "listPipelineDefinitionTriggers": "triggers.list",
    "createTrigger": "triggers.create",
    "getTrigger": "triggers.get",
    "updateTrigger": "triggers.update",
    "deleteTrigger": "triggers.delete",
}

_OF_DEFINITION = "/projects/{project_id}/pipeline-definitions/{pipeline_definition_id}/triggers"
_ONE = "/projects/{project_id}/triggers/{trigger_id}"


class Triggers(Resource):
    """``cci.triggers``: triggers of pipeline definitions (by project id)."""

    __slots__ = ()

    async def list(self, project_id: str, pipeline_definition_id: str) -> builtins.list[Trigger]:
        """Every trigger of a pipeline definition (the API does not page them)."""
        page = await self._s.call(
            "GET",
            _OF_DEFINITION,
            Page[Trigger],
            path=_definition(project_id, pipeline_definition_id),
        )
        return page.items

    async def create(
        self,
        project_id: str,
        pipeline_definition_id: str,
        *,
        event_source: EventSourceInput | Mapping[str, Any],
        event_preset: str | None = None,
        checkout_ref: str | None = None,
        config_ref: str | None = None,
        event_name: str | None = None,
        disabled: bool | None = None,
    ) -> Trigger:
        """Create a trigger for a pipeline definition.

        ``event_source`` is a Struct or a dict such as
        ``{"provider": "github_app", "repo": {"external_id": "123"}}``; ``event_preset`` is
        one of :class:`~circleci_async.models.v2.triggers.EventPreset`.
        """
        path = _definition(project_id, pipeline_definition_id)
        body = codec.build_body(
            CreateTriggerRequest,
            {
                "event_source": event_source,
                "event_preset": event_preset,
                "checkout_ref": checkout_ref,
                "config_ref": config_ref,
                "event_name": event_name,
                "disabled": disabled,
            },
        )
        return await self._s.call("POST", _OF_DEFINITION, Trigger, path=path, json=body)

    async def get(self, project_id: str, trigger_id: str) -> Trigger:
        """Return a trigger."""
        return await self._s.call("GET", _ONE, Trigger, path=_one(project_id, trigger_id))

    async def update(
        self,
        project_id: str,
        trigger_id: str,
        *,
        event_preset: str | None = None,
        checkout_ref: str | None = None,
        config_ref: str | None = None,
        event_name: str | None = None,
        disabled: bool | None = None,
        event_source: EventSourceUpdate | Mapping[str, Any] | None = None,
    ) -> Trigger:
        """Change a trigger; fields left at ``None`` are not sent."""
        path = _one(project_id, trigger_id)
        body = codec.build_body(
            UpdateTriggerRequest,
            {
                "event_preset": event_preset,
                "checkout_ref": checkout_ref,
                "config_ref": config_ref,
                "event_name": event_name,
                "disabled": disabled,
                "event_source": event_source,
            },
        )
        return await self._s.call("PATCH", _ONE, Trigger, path=path, json=body)

    async def delete(self, project_id: str, trigger_id: str) -> TriggerDeleted:
        """Delete a trigger."""
        return await self._s.call("DELETE", _ONE, TriggerDeleted, path=_one(project_id, trigger_id))


def _definition(project_id: str, pipeline_definition_id: str) -> dict[str, str]:
    return {
        "project_id": codec.path_segment(project_id, "project_id"),
        "pipeline_definition_id": codec.path_segment(
            pipeline_definition_id, "pipeline_definition_id"
        ),
    }


def _one(project_id: str, trigger_id: str) -> dict[str, str]:
    return {
        "project_id": codec.path_segment(project_id, "project_id"),
        "trigger_id": codec.path_segment(trigger_id, "trigger_id"),
    }
