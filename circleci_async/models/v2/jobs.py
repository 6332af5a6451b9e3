"""Models of the Job area."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from circleci_async.models._base import Model

__all__ = [
    "Artifact",
    "JobContext",
    "JobDetails",
    "JobExecutor",
    "JobMessage",
    "JobNote",
    "JobOrganization",
    "JobParallelRun",
    "JobPipelineRef",
    "JobProject",
    "JobStatus",
    "JobWorkflowRef",
    "TestResult",
]


class Artifact(Model):
    """A file a job stored; ``url`` downloads it (with the token, CircleCI hosts only)."""

    path: str = ""
    node_index: int = 0
    url: str = ""


class JobStatus(StrEnum):
    """Known values of ``JobDetails.status`` (the field is a ``str``: new values decode too)."""

    SUCCESS = "success"
    RUNNING = "running"
    NOT_RUN = "not_run"
    FAILED = "failed"
    RETRIED = "retried"
    QUEUED = "queued"
    NOT_RUNNING = "not_running"
    INFRASTRUCTURE_FAIL = "infrastructure_fail"
    TIMEDOUT = "timedout"
    ON_HOLD = "on_hold"
    TERMINATED_UNKNOWN = "terminated-unknown"
    BLOCKED = "blocked"
    CANCELED = "canceled"
    UNAUTHORIZED = "unauthorized"


class JobProject(Model):
    """The project of a job (real answers sometimes leave out ``id``)."""

    id: str | None = None
    slug: str = ""
    name: str = ""
    external_url: str = ""


class JobParallelRun(Model):
    """One parallel run (node) of a job."""

    index: int = 0
    status: str = ""


class JobWorkflowRef(Model):
    """The latest workflow a job ran in."""

    id: str = ""
    name: str = ""


class JobExecutor(Model):
    """Where a job ran."""

    resource_class: str = ""
    type: str | None = None
    """``docker``, ``machine``, ``macos``, … (or a new value)."""


class JobPipelineRef(Model):
    """The pipeline of a job."""

    id: str = ""


class JobNote(Model):
    """A message CircleCI attached to a job."""

    type: str = ""
    message: str = ""
    reason: str | None = None


class JobContext(Model):
    """A context a job used."""

    name: str = ""


class JobOrganization(Model):
    """The organization of a job."""

    name: str = ""


class JobDetails(Model):
    """A job with its executor, timing, parallel runs and messages."""

    number: int | None = None
    name: str = ""
    status: str = ""
    """One of :class:`JobStatus` (or a new value)."""
    web_url: str = ""
    created_at: datetime | None = None
    queued_at: datetime | None = None
    started_at: datetime | None = None
    stopped_at: datetime | None = None
    duration: int | None = None
    """Milliseconds, ``None`` while running."""
    parallelism: int = 1
    parallel_runs: list[JobParallelRun] = msgspec.field(default_factory=list)
    executor: JobExecutor = msgspec.field(default_factory=JobExecutor)
    project: JobProject = msgspec.field(default_factory=JobProject)
    organization: JobOrganization = msgspec.field(default_factory=JobOrganization)
    pipeline: JobPipelineRef = msgspec.field(default_factory=JobPipelineRef)
    latest_workflow: JobWorkflowRef = msgspec.field(default_factory=JobWorkflowRef)
    contexts: list[JobContext] = msgspec.field(default_factory=list)
    messages: list[JobNote] = msgspec.field(default_factory=list)


class JobMessage(Model):
    """A message-only answer (``jobs.cancel``, ``jobs.cancel_by_id``)."""

    message: str = ""


class TestResult(Model):
    """One test case a job reported (``run_time`` in seconds; sometimes ``""`` in examples)."""

    __test__ = False  # not a pytest test class

    name: str = ""
    classname: str = ""
    file: str | None = None
    result: str = ""
    """``success``, ``failure``, ``skipped``, … (free text from the test report)."""
    message: str | None = None
    source: str = ""
    run_time: float | str | None = None
    """Seconds; ``""`` appears in the spec's example, so a string decodes too."""
