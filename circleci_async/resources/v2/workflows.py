"""Workflow area: get, cancel, rerun, approve, list jobs."""

from __future__ import annotations

from circleci_async._http import codec
from circleci_async.models.v2.workflows import WorkflowJob
from circleci_async.pagination import AsyncPager
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Workflows"]

OPERATIONS = {
    "listWorkflowJobs": "workflows.jobs",
}


class Workflows(Resource):
    """``cci.workflows``: workflows."""

    __slots__ = ()

    def jobs(self, id: str) -> AsyncPager[WorkflowJob]:
        """Jobs of a workflow."""
        return self._token_pager(
            "/workflow/{id}/job", WorkflowJob, path={"id": codec.path_segment(id, "id")}
        )
