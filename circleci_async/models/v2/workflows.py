"""Models of the Workflow area."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from circleci_async.models._base import Model

__all__ = ["Workflow", "WorkflowJob"]


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
