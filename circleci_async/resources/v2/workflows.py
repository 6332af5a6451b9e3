"""Workflow area: get, cancel, rerun, approve, list jobs."""

from __future__ import annotations

from collections.abc import Sequence

from circleci_async._http import codec
from circleci_async.models.v2.workflows import (
    RerunWorkflowRequest,
    Workflow,
    WorkflowJob,
    WorkflowMessage,
    WorkflowRerun,
)
from circleci_async.pagination import AsyncPager
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Workflows"]

OPERATIONS = {
    "listWorkflowJobs": "workflows.jobs",
    "getWorkflowById": "workflows.get",
    "approvePendingApprovalJobById": "workflows.approve",
    "cancelWorkflow": "workflows.cancel",
    "rerunWorkflow": "workflows.rerun",
}


class Workflows(Resource):
    """``cci.workflows``: workflows."""

    __slots__ = ()

    def jobs(self, id: str) -> AsyncPager[WorkflowJob]:
        """Jobs of a workflow."""
        return self._token_pager("/workflow/{id}/job", WorkflowJob, path=_id(id))

    async def get(self, id: str) -> Workflow:
        """Return a workflow by its id."""
        return await self._s.call("GET", "/workflow/{id}", Workflow, path=_id(id))

    async def approve(self, id: str, approval_request_id: str) -> WorkflowMessage:
        """Approve a pending approval job of a workflow.

        ``approval_request_id`` is the ``approval_request_id`` of the approval job as
        ``workflows.jobs`` lists it.
        """
        return await self._s.call(
            "POST",
            "/workflow/{id}/approve/{approval_request_id}",
            WorkflowMessage,
            path={
                **_id(id),
                "approval_request_id": codec.path_segment(
                    approval_request_id, "approval_request_id"
                ),
            },
        )

    async def cancel(self, id: str) -> WorkflowMessage:
        """Cancel a running workflow."""
        return await self._s.call("POST", "/workflow/{id}/cancel", WorkflowMessage, path=_id(id))

    async def rerun(
        self,
        id: str,
        *,
        enable_ssh: bool | None = None,
        from_failed: bool | None = None,
        jobs: Sequence[str] | None = None,
        sparse_tree: bool | None = None,
    ) -> WorkflowRerun:
        """Rerun a workflow (all of it, ``from_failed=True``, or only ``jobs`` by job id).

        Returns the id of the new workflow.
        """
        if from_failed and jobs:
            raise ValueError("give from_failed or jobs, not both")
        if isinstance(jobs, str):
            raise TypeError("jobs must be a list of job ids, not a string")
        body = codec.build_body(
            RerunWorkflowRequest,
            {
                "enable_ssh": enable_ssh,
                "from_failed": from_failed,
                "jobs": list(jobs) if jobs is not None else None,
                "sparse_tree": sparse_tree,
            },
        )
        return await self._s.call(
            "POST", "/workflow/{id}/rerun", WorkflowRerun, path=_id(id), json=body
        )


def _id(id: str) -> dict[str, str]:
    return {"id": codec.path_segment(id, "id")}
