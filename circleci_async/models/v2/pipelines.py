"""Models of the Pipeline area."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from circleci_async.models._base import Model

__all__ = [
    "Pipeline",
    "PipelineActor",
    "PipelineCommit",
    "PipelineError",
    "PipelineParameterValue",
    "PipelineTrigger",
    "PipelineVcs",
]

#: Pipeline parameter values are strings, integers or booleans (sometimes objects).
PipelineParameterValue = str | int | bool | dict[str, Any]


class PipelineError(Model):
    """An error that prevented a pipeline from running."""

    type: str = ""
    """``config``, ``config-fetch``, ``timeout``, ``permission``, ``other``, ``plan``, … ."""
    message: str = ""


class PipelineActor(Model):
    """Who or what triggered a pipeline."""

    login: str = ""
    avatar_url: str | None = None


class PipelineTrigger(Model):
    """How a pipeline was triggered."""

    type: str = ""
    """``scheduled_pipeline``, ``explicit``, ``api``, ``webhook`` (new values may appear)."""
    received_at: datetime | None = None
    actor: PipelineActor = msgspec.field(default_factory=PipelineActor)


class PipelineCommit(Model):
    """The commit a pipeline ran on."""

    subject: str | None = None
    body: str | None = None


class PipelineVcs(Model):
    """Version control details of a pipeline."""

    provider_name: str = ""
    target_repository_url: str = ""
    origin_repository_url: str = ""
    branch: str | None = None
    review_id: str | None = None
    review_url: str | None = None
    revision: str | None = None
    tag: str | None = None
    commit: PipelineCommit | None = None


class Pipeline(Model):
    """A pipeline."""

    id: str = ""
    number: int = 0
    project_slug: str = ""
    state: str = ""
    """``created``, ``errored``, ``setup-pending``, ``setup``, ``pending`` (or a new value)."""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    errors: list[PipelineError] = msgspec.field(default_factory=list)
    trigger: PipelineTrigger = msgspec.field(default_factory=PipelineTrigger)
    trigger_parameters: dict[str, PipelineParameterValue] | None = None
    vcs: PipelineVcs | None = None
