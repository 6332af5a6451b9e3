"""Models of v1.1 build endpoints: build summaries, full builds, trigger bodies."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import msgspec

from circleci_async.models._base import Body, Model

__all__ = [
    "Action",
    "Build",
    "BuildDetails",
    "BuildFilter",
    "BuildMessage",
    "BuildUser",
    "BuildWorkflow",
    "CommitDetails",
    "FollowResult",
    "Lifecycle",
    "Outcome",
    "PipelineTriggered",
    "PreviousBuild",
    "PullRequest",
    "Status",
    "Step",
    "TriggerBranchBuildRequest",
    "TriggerBuildRequest",
    "TriggerPipelineRequest",
]


class Lifecycle(StrEnum):
    """Known values of ``Build.lifecycle`` (fields are ``str``: new values never break)."""

    QUEUED = "queued"
    SCHEDULED = "scheduled"
    NOT_RUN = "not_run"
    NOT_RUNNING = "not_running"
    RUNNING = "running"
    FINISHED = "finished"


class Outcome(StrEnum):
    """Known values of ``Build.outcome`` (``None`` while the build has not finished)."""

    CANCELED = "canceled"
    INFRASTRUCTURE_FAIL = "infrastructure_fail"
    TIMEDOUT = "timedout"
    FAILED = "failed"
    NO_TESTS = "no_tests"
    SUCCESS = "success"


class Status(StrEnum):
    """Known values of ``Build.status``."""

    RETRIED = "retried"
    CANCELED = "canceled"
    INFRASTRUCTURE_FAIL = "infrastructure_fail"
    TIMEDOUT = "timedout"
    NOT_RUN = "not_run"
    RUNNING = "running"
    FAILED = "failed"
    QUEUED = "queued"
    SCHEDULED = "scheduled"
    NOT_RUNNING = "not_running"
    NO_TESTS = "no_tests"
    FIXED = "fixed"
    SUCCESS = "success"


class BuildFilter(StrEnum):
    """Values of the ``filter`` parameter of build listings and ``artifacts.latest``."""

    COMPLETED = "completed"
    SUCCESSFUL = "successful"
    FAILED = "failed"
    RUNNING = "running"


class BuildUser(Model):
    """The user a build ran for."""

    login: str | None = None
    name: str | None = None
    email: str | None = None
    avatar_url: str | None = None
    is_user: bool | None = None
    vcs_type: str | None = None
    id: int | None = None


class PreviousBuild(Model):
    """A short reference to another build of the same branch."""

    build_num: int | None = None
    status: str | None = None
    build_time_millis: int | None = None


class BuildWorkflow(Model):
    """Where a build (a v2 job) sits in its workflow."""

    job_name: str | None = None
    job_id: str | None = None
    workflow_id: str | None = None
    workflow_name: str | None = None
    workspace_id: str | None = None
    upstream_job_ids: list[str] = msgspec.field(default_factory=list)
    upstream_concurrency_map: dict[str, Any] = msgspec.field(default_factory=dict)


class PullRequest(Model):
    """A pull request the build's commit belongs to."""

    head_sha: str | None = None
    url: str | None = None


class CommitDetails(Model):
    """One commit of the push that started the build."""

    commit: str | None = None
    commit_url: str | None = None
    subject: str | None = None
    body: str | None = None
    branch: str | None = None
    author_name: str | None = None
    author_email: str | None = None
    author_login: str | None = None
    author_date: datetime | None = None
    committer_name: str | None = None
    committer_email: str | None = None
    committer_login: str | None = None
    committer_date: datetime | None = None


class BuildMessage(Model):
    """A message CircleCI attached to a build (a warning about the config, for example)."""

    type: str | None = None
    message: str | None = None
    reason: str | None = None


class Action(Model):
    """One action of a step: on parallel builds, one per node (``index``)."""

    name: str | None = None
    type: str | None = None
    """``infrastructure``, ``dependencies``, ``test``, … (or a new value)."""
    status: str | None = None
    index: int | None = None
    step: int | None = None
    bash_command: str | None = None
    exit_code: int | None = None
    run_time_millis: int | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    source: str | None = None
    failed: bool | None = None
    timedout: bool | None = None
    infrastructure_fail: bool | None = None
    canceled: bool | None = None
    parallel: bool | None = None
    background: bool | None = None
    continue_: Any = msgspec.field(default=None, name="continue")
    has_output: bool | None = None
    output_url: str | None = None
    messages: list[Any] = msgspec.field(default_factory=list)


class Step(Model):
    """A step of a build and its actions."""

    name: str | None = None
    actions: list[Action] = msgspec.field(default_factory=list)


class Build(Model):
    """A build (a v2 job) as listings, retry, cancel and trigger return it.

    ``lifecycle``, ``outcome`` and ``status`` are strings; see :class:`Lifecycle`,
    :class:`Outcome` and :class:`Status` for the known values.
    """

    build_num: int | None = None
    username: str | None = None
    """The organization (or user) that owns the project."""
    reponame: str | None = None
    vcs_type: str | None = None
    vcs_url: str | None = None
    build_url: str | None = None
    branch: str | None = None
    vcs_revision: str | None = None
    vcs_tag: str | None = None
    subject: str | None = None
    body: str | None = None
    committer_name: str | None = None
    committer_email: str | None = None
    committer_date: datetime | None = None
    author_name: str | None = None
    author_email: str | None = None
    author_date: datetime | None = None
    why: str | None = None
    dont_build: str | None = None
    lifecycle: str | None = None
    outcome: str | None = None
    status: str | None = None
    queued_at: datetime | None = None
    usage_queued_at: datetime | None = None
    start_time: datetime | None = None
    stop_time: datetime | None = None
    build_time_millis: int | None = None
    retry_of: int | None = None
    retries: list[int] | None = None
    previous: PreviousBuild | None = None
    previous_successful_build: PreviousBuild | None = None
    job_name: str | None = None
    parallel: int | None = None
    platform: str | None = None
    build_parameters: dict[str, Any] | None = None
    user: BuildUser | None = None
    workflows: BuildWorkflow | None = None
    pull_requests: list[PullRequest] = msgspec.field(default_factory=list)
    all_commit_details: list[CommitDetails] = msgspec.field(default_factory=list)
    messages: list[BuildMessage] = msgspec.field(default_factory=list)
    canceled: bool | None = None
    failed: bool | None = None
    timedout: bool | None = None
    infrastructure_fail: bool | None = None
    ssh_enabled: bool | None = None
    oss: bool | None = None
    fleet: str | None = None
    compare: str | None = None


class BuildDetails(Build):
    """A build with everything ``GET …/:build_num`` returns: steps, actions, SSH users.

    This is also the ``payload`` of CircleCI's notification webhooks.
    """

    steps: list[Step] = msgspec.field(default_factory=list)
    ssh_users: list[Any] = msgspec.field(default_factory=list)
    node: Any = None
    circle_yml: Any = None
    fail_reason: Any = None
    canceler: Any = None
    is_first_green_build: bool | None = None
    no_dependency_cache: bool | None = None
    ssh_disabled: bool | None = None


class FollowResult(Model):
    """The answer to following a project: ``first_build`` is set when following started one."""

    followed: bool | None = None
    first_build: Build | None = None


class PipelineTriggered(Model):
    """The answer to ``builds.trigger_pipeline``: ``{"status": 200, "body": "Build created"}``."""

    status: int | None = None
    body: str | None = None


class TriggerBuildRequest(Body):
    """Body of ``builds.trigger`` (``revision`` and ``tag`` exclude each other)."""

    revision: str | msgspec.UnsetType = msgspec.UNSET
    tag: str | msgspec.UnsetType = msgspec.UNSET
    parallel: int | msgspec.UnsetType = msgspec.UNSET
    build_parameters: dict[str, Any] | msgspec.UnsetType = msgspec.UNSET


class TriggerBranchBuildRequest(Body):
    """Body of ``builds.trigger_branch``."""

    revision: str | msgspec.UnsetType = msgspec.UNSET
    parallel: int | msgspec.UnsetType = msgspec.UNSET
    build_parameters: dict[str, Any] | msgspec.UnsetType = msgspec.UNSET


class TriggerPipelineRequest(Body):
    """Body of ``builds.trigger_pipeline`` (``tag`` excludes ``branch`` and ``revision``)."""

    branch: str | msgspec.UnsetType = msgspec.UNSET
    tag: str | msgspec.UnsetType = msgspec.UNSET
    revision: str | msgspec.UnsetType = msgspec.UNSET
