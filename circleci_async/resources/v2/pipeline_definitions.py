"""Pipeline Definition area: a project's pipeline definitions (config + checkout sources)."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

from circleci_async._http import codec
from circleci_async.models._base import Page
from circleci_async.models.v2.pipeline_definitions import (
    CheckoutSourceInput,
    CheckoutSourceUpdate,
    ConfigSourceInput,
    ConfigSourceUpdate,
    CreatePipelineDefinitionRequest,
    PipelineDefinition,
    PipelineDefinitionDeleted,
    UpdatePipelineDefinitionRequest,
)
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "PipelineDefinitions"]

OPERATIONS = {
    "listPipelineDefinitions": "pipeline_definitions.list",
    "createPipelineDefinition": "pipeline_definitions.create",
    "getPipelineDefinition": "pipeline_definitions.get",
    "updatePipelineDefinition": "pipeline_definitions.update",
    "deletePipelineDefinition": "pipeline_definitions.delete",
}

_LIST = "/projects/{project_id}/pipeline-definitions"
_ONE = "/projects/{project_id}/pipeline-definitions/{pipeline_definition_id}"


class PipelineDefinitions(Resource):
    """``cci.pipeline_definitions``: pipeline definitions of a project (by project id)."""

    __slots__ = ()

    async def list(self, project_id: str) -> builtins.list[PipelineDefinition]:
        """Every pipeline definition of a project (the API does not page them)."""
        page = await self._s.call("GET", _LIST, Page[PipelineDefinition], path=_project(project_id))
        return page.items

    async def create(
        self,
        project_id: str,
        *,
        name: str,
        config_source: ConfigSourceInput | Mapping[str, Any],
        checkout_source: CheckoutSourceInput | Mapping[str, Any],
        description: str | None = None,
    ) -> PipelineDefinition:
        """Create a pipeline definition.

        ``config_source`` and ``checkout_source`` are Structs or dicts such as
        ``{"provider": "github_app", "repo": {"external_id": "123"}, "file_path": "..."}``.
        """
        path = _project(project_id)
        body = codec.build_body(
            CreatePipelineDefinitionRequest,
            {
                "name": name,
                "description": description,
                "config_source": config_source,
                "checkout_source": checkout_source,
            },
        )
        return await self._s.call("POST", _LIST, PipelineDefinition, path=path, json=body)

    async def get(self, project_id: str, pipeline_definition_id: str) -> PipelineDefinition:
        """Return a pipeline definition."""
        return await self._s.call(
            "GET", _ONE, PipelineDefinition, path=_one(project_id, pipeline_definition_id)
        )

    async def update(
        self,
        project_id: str,
        pipeline_definition_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        config_source: ConfigSourceUpdate | Mapping[str, Any] | None = None,
        checkout_source: CheckoutSourceUpdate | Mapping[str, Any] | None = None,
    ) -> PipelineDefinition:
        """Change a pipeline definition; fields left at ``None`` are not sent."""
        path = _one(project_id, pipeline_definition_id)
        body = codec.build_body(
            UpdatePipelineDefinitionRequest,
            {
                "name": name,
                "description": description,
                "config_source": config_source,
                "checkout_source": checkout_source,
            },
        )
        return await self._s.call("PATCH", _ONE, PipelineDefinition, path=path, json=body)

    async def delete(
        self, project_id: str, pipeline_definition_id: str
    ) -> PipelineDefinitionDeleted:
        """Delete a pipeline definition (and its triggers)."""
        return await self._s.call(
            "DELETE",
            _ONE,
            PipelineDefinitionDeleted,
            path=_one(project_id, pipeline_definition_id),
        )


def _project(project_id: str) -> dict[str, str]:
    return {"project_id": codec.path_segment(project_id, "project_id")}


def _one(project_id: str, pipeline_definition_id: str) -> dict[str, str]:
    return {
        **_project(project_id),
        "pipeline_definition_id": codec.path_segment(
            pipeline_definition_id, "pipeline_definition_id"
        ),
    }
