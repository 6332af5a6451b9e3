"""Pipeline area: list, get, trigger, run and continue pipelines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from circleci_async._http import codec
from circleci_async.models.v2.pipelines import (
    ContinuePipelineRequest,
    Pipeline,
    PipelineConfig,
    PipelineCreation,
    PipelineMessage,
    PipelineRunRef,
    PipelineRunRequest,
    PipelineRunResult,
    PipelineValues,
    TriggerPipelineRequest,
)
from circleci_async.models.v2.workflows import Workflow
from circleci_async.pagination import AsyncPager
from circleci_async.resources._base import Resource
from circleci_async.resources.v2._checks import number

__all__ = ["OPERATIONS", "Pipelines"]

OPERATIONS = {
    "listPipelinesForProject": "pipelines.list",
    "listWorkflowsByPipelineId": "pipelines.workflows",
    "listPipelines": "pipelines.list_for_org",
    "listMyPipelines": "pipelines.mine",
    "getPipelineById": "pipelines.get",
    "getPipelineByNumber": "pipelines.get_by_number",
    "getPipelineConfigById": "pipelines.config",
    "getPipelineValuesById": "pipelines.values",
    "triggerPipeline": "pipelines.trigger",
    "triggerPipelineRun": "pipelines.run",
    "continuePipeline": "pipelines.continue_",
}

_PROVIDERS = frozenset({"github", "gh", "bitbucket", "bb", "circleci"})


class Pipelines(Resource):
    """``cci.pipelines``: pipelines."""

    __slots__ = ()

    def list(self, project_slug: str, *, branch: str | None = None) -> AsyncPager[Pipeline]:
        """Pipelines of a project, newest first (optionally of one branch)."""
        return self._token_pager(
            "/project/{project_slug}/pipeline",
            Pipeline,
            path={"project_slug": codec.project_slug(project_slug)},
            params=codec.query(branch=branch),
        )

    def list_for_org(
        self, *, org_slug: str | None = None, mine: bool | None = None
    ) -> AsyncPager[Pipeline]:
        """Recent pipelines across an organization (``mine=True``: only the caller's)."""
        if org_slug is not None:
            codec.org_slug(org_slug)
        if mine is not None and not isinstance(mine, bool):
            raise TypeError(f"mine must be a boolean, got {mine!r}")
        return self._token_pager(
            "/pipeline", Pipeline, params=codec.query(org_slug=org_slug, mine=mine)
        )

    def mine(self, project_slug: str) -> AsyncPager[Pipeline]:
        """Pipelines of a project that the caller triggered, newest first."""
        return self._token_pager(
            "/project/{project_slug}/pipeline/mine",
            Pipeline,
            path={"project_slug": codec.project_slug(project_slug)},
        )

    def workflows(self, pipeline_id: str) -> AsyncPager[Workflow]:
        """Workflows of a pipeline."""
        return self._token_pager(
            "/pipeline/{pipeline_id}/workflow",
            Workflow,
            path={"pipeline_id": codec.path_segment(pipeline_id, "pipeline_id")},
        )

    async def get(self, pipeline_id: str) -> Pipeline:
        """Return a pipeline by its id."""
        return await self._s.call("GET", "/pipeline/{pipeline_id}", Pipeline, path=_id(pipeline_id))

    async def get_by_number(self, project_slug: str, pipeline_number: int | str) -> Pipeline:
        """Return a pipeline by its project and number."""
        return await self._s.call(
            "GET",
            "/project/{project_slug}/pipeline/{pipeline_number}",
            Pipeline,
            path={
                "project_slug": codec.project_slug(project_slug),
                "pipeline_number": number(pipeline_number, "pipeline_number"),
            },
        )

    async def config(self, pipeline_id: str) -> PipelineConfig:
        """The configuration of a pipeline, as written (``source``) and ``compiled``."""
        return await self._s.call(
            "GET", "/pipeline/{pipeline_id}/config", PipelineConfig, path=_id(pipeline_id)
        )

    async def values(self, pipeline_id: str) -> PipelineValues:
        """The pipeline values (``pipeline.git.branch``, ``pipeline.number``, …) of a pipeline."""
        return await self._s.call(
            "GET", "/pipeline/{pipeline_id}/values", PipelineValues, path=_id(pipeline_id)
        )

    async def trigger(
        self,
        project_slug: str,
        *,
        branch: str | None = None,
        tag: str | None = None,
        parameters: Mapping[str, int | str | bool] | None = None,
    ) -> PipelineCreation:
        """Trigger a pipeline on a branch or tag (deprecated by CircleCI in favour of ``run``).

        Not retried after it may have reached the server: a duplicated trigger is a bug.
        """
        if branch is not None and tag is not None:
            raise ValueError("give branch or tag, not both")
        body = codec.build_body(
            TriggerPipelineRequest, {"branch": branch, "tag": tag, "parameters": parameters}
        )
        return await self._s.call(
            "POST",
            "/project/{project_slug}/pipeline",
            PipelineCreation,
            path={"project_slug": codec.project_slug(project_slug)},
            json=body,
        )

    async def run(
        self,
        provider: str,
        organization: str,
        project: str,
        *,
        definition_id: str | None = None,
        config: PipelineRunRef | Mapping[str, str] | None = None,
        checkout: PipelineRunRef | Mapping[str, str] | None = None,
        parameters: Mapping[str, Any] | None = None,
    ) -> PipelineRunResult:
        """Run a pipeline of a pipeline definition; ``result.created`` says whether one started.

        ``config`` and ``checkout`` are ``{"branch": …}`` or ``{"tag": …}``. The three path
        segments are the parts of the project slug (``cci.pipelines.run(*slug.split("/"))``).
        """
        if not isinstance(provider, str) or provider not in _PROVIDERS:
            raise ValueError(
                f"provider must be one of {', '.join(sorted(_PROVIDERS))}, got {provider!r}"
            )
        codec.split_project_slug(f"{provider}/{organization}/{project}", "organization/project")
        body = codec.build_body(
            PipelineRunRequest,
            {
                "definition_id": definition_id,
                "config": config,
                "checkout": checkout,
                "parameters": parameters,
            },
        )
        resp = await self._s.request(
            "POST",
            "/project/{provider}/{organization}/{project}/pipeline/run",
            path={
                "provider": provider,
                "organization": codec.path_segment(organization, "organization"),
                "project": codec.path_segment(project, "project"),
            },
            json=body,
        )
        result = resp.decode(PipelineRunResult)
        return msgspec.structs.replace(result, created=resp.status == 201)

    async def continue_(
        self,
        *,
        continuation_key: str,
        configuration: str,
        parameters: Mapping[str, int | str | bool] | None = None,
    ) -> PipelineMessage:
        """Continue a setup-workflow pipeline with the configuration it generated."""
        body = codec.build_body(
            ContinuePipelineRequest,
            {
                "continuation_key": continuation_key,
                "configuration": configuration,
                "parameters": parameters,
            },
        )
        return await self._s.call("POST", "/pipeline/continue", PipelineMessage, json=body)


def _id(pipeline_id: str) -> dict[str, str]:
    return {"pipeline_id": codec.path_segment(pipeline_id, "pipeline_id")}
