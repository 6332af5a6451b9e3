"""Pipeline area: list, get and trigger pipelines."""

from __future__ import annotations

from circleci_async._http import codec
from circleci_async.models.v2.pipelines import Pipeline
from circleci_async.models.v2.workflows import Workflow
from circleci_async.pagination import AsyncPager
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Pipelines"]

OPERATIONS = {
    "listPipelinesForProject": "pipelines.list",
    "listWorkflowsByPipelineId": "pipelines.workflows",
}


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

    def workflows(self, pipeline_id: str) -> AsyncPager[Workflow]:
        """Workflows of a pipeline."""
        return self._token_pager(
            "/pipeline/{pipeline_id}/workflow",
            Workflow,
            path={"pipeline_id": codec.path_segment(pipeline_id, "pipeline_id")},
        )
