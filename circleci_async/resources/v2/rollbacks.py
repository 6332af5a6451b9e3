"""Rollback area: roll a project's component back to an earlier version."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from circleci_async._http import codec
from circleci_async.models.v2.rollbacks import RollbackRequest, RollbackResult
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Rollbacks"]

OPERATIONS = {
    "rollbackProject": "rollbacks.rollback",
}


class Rollbacks(Resource):
    """``cci.rollbacks``: rollbacks of deployed components."""

    __slots__ = ()

    async def rollback(
        self,
        project_id: str,
        *,
        component_name: str,
        current_version: str,
        environment_name: str,
        target_version: str,
        namespace: str | None = None,
        parameters: Mapping[str, Any] | None = None,
        reason: str | None = None,
    ) -> RollbackResult:
        """Start a rollback pipeline taking a component from one version to another.

        The server answers 202 Accepted: the rollback runs later, in the pipeline (or
        command) whose id the result carries. ``parameters`` are extra pipeline parameters.
        """
        path = {"project_id": codec.path_segment(project_id, "project_id")}
        body = codec.build_body(
            RollbackRequest,
            {
                "component_name": component_name,
                "current_version": current_version,
                "environment_name": environment_name,
                "target_version": target_version,
                "namespace": namespace,
                "parameters": parameters,
                "reason": reason,
            },
        )
        return await self._s.call(
            "POST", "/projects/{project_id}/rollback", RollbackResult, path=path, json=body
        )
