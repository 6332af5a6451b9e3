"""Models of the Workflow area."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import msgspec

from circleci_async.models._base import Body, Model

__all__ = [
    "RerunWorkflowRequest",
    "Workflow",
    "WorkflowJob",
    "WorkflowMessage",
    "WorkflowRerun",
    "WorkflowStatus",
]


class WorkflowStatus(StrEnum):
    """Known values of ``Workflow.status`` (the field is a ``str``: new values decode too)."""

    SUCCESS = "success"
    RUNNING = "running"
    NOT_RUN = "not_run"
    FAILED = "failed"
    ERROR = "error"
    FAILING = "failing"
    ON_HOLD = "on_hold"
    CANCELED = "canceled"
    UNAUTHORIZED = "unauthorized"


class Workflow(Model):
    """A workflow of a pipeline."""

    id: str = ""
    name: str = ""
    pipeline_id: str = ""
    pipeline_number: int = 0
    project_slug: str = ""
    status: str = ""
    """``success``, ``running``, ``not_run``, ``failed``, ``error``, ``failing``, ``on_hold``,
    ``canceled``, ``unauthorized`` (or a new value)."""
    started_by: str = ""
    created_at: datetime | None = None
    stopped_at: datetime | None = None
    tag: str | None = None
    canceled_by: str | None = None
    errored_by: str | None = None
    auto_rerun_number: int | None = None
    max_auto_reruns: int | None = None


class WorkflowJob(Model):
    """A job as a workflow lists it (``job_number`` is absent on approval jobs)."""

    id: str = ""
    name: str = ""
    type: str = ""
    """``build`` or ``approval`` (or a new value)."""
    status: str = ""
    project_slug: str = ""
    job_number: int | None = None
    started_at: datetime | None = None
    stopped_at: datetime | None = None
    dependencies: list[str] = msgspec.field(default_factory=list)
    requires: dict[str, Any] | None = None
    approved_by: str | None = None
    canceled_by: str | None = None
    approval_request_id: str | None = None


class WorkflowMessage(Model):
    """A message-only answer (``workflows.cancel``, ``workflows.approve``)."""

    message: str = ""


class WorkflowRerun(Model):
    """The answer to ``workflows.rerun``: the id of the new workflow."""

    workflow_id: str = ""


class RerunWorkflowRequest(Body):
    """Body of ``workflows.rerun``: what to rerun and how."""

    enable_ssh: bool | msgspec.UnsetType = msgspec.UNSET
    from_failed: bool | msgspec.UnsetType = msgspec.UNSET
    jobs: list[str] | msgspec.UnsetType = msgspec.UNSET
    sparse_tree: bool | msgspec.UnsetType = msgspec.UNSET
