"""Models of the Pipeline area."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import msgspec

from circleci_async.models._base import Body, Model

__all__ = [
    "ContinuePipelineRequest",
    "Pipeline",
    "PipelineActor",
    "PipelineCommit",
    "PipelineConfig",
    "PipelineCreation",
    "PipelineError",
    "PipelineMessage",
    "PipelineParameterValue",
    "PipelineRunRef",
    "PipelineRunRequest",
    "PipelineRunResult",
    "PipelineState",
    "PipelineTrigger",
    "PipelineValue",
    "PipelineValues",
    "PipelineVcs",
    "TriggerPipelineRequest",
]

#: Pipeline parameter values are strings, integers or booleans (sometimes objects).
PipelineParameterValue = str | int | bool | dict[str, Any]

#: A pipeline value (``pipeline.git.branch``, ``pipeline.number``, …).
PipelineValue = str | int | float | bool | None

#: The values of a pipeline, keyed by name (``pipeline.id``, ``pipeline.git.revision``, …).
PipelineValues = dict[str, PipelineValue]


class PipelineState(StrEnum):
    """Known values of ``Pipeline.state`` (the field is a ``str``: new values decode too)."""

    CREATED = "created"
    ERRORED = "errored"
    SETUP_PENDING = "setup-pending"
    SETUP = "setup"
    PENDING = "pending"


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


class PipelineConfig(Model):
    """The configuration a pipeline ran with: as written and as compiled."""

    source: str = ""
    compiled: str = ""
    setup_config: str | None = msgspec.field(default=None, name="setup-config")
    compiled_setup_config: str | None = msgspec.field(default=None, name="compiled-setup-config")


class PipelineCreation(Model):
    """The pipeline a trigger created (``pipelines.trigger``)."""

    id: str = ""
    state: str = ""
    """One of :class:`PipelineState` (or a new value)."""
    number: int = 0
    created_at: datetime | None = None


class PipelineRunResult(Model):
    """The answer to ``pipelines.run``: a pipeline was ``created`` (201), or only a ``message``.

    CircleCI answers 201 with the new pipeline's ``id``, ``number``, ``state`` and
    ``created_at`` when it created one, and 200 with a ``message`` when it did not (for example
    when the trigger's filters skipped it).
    """

    created: bool = False
    id: str | None = None
    number: int | None = None
    state: str | None = None
    created_at: datetime | None = None
    message: str | None = None


class PipelineMessage(Model):
    """A message-only answer (``pipelines.continue_``)."""

    message: str = ""


class TriggerPipelineRequest(Body):
    """Body of ``pipelines.trigger``: ``branch`` or ``tag`` (not both), and parameters."""

    branch: str | msgspec.UnsetType = msgspec.UNSET
    tag: str | msgspec.UnsetType = msgspec.UNSET
    parameters: dict[str, int | str | bool] | msgspec.UnsetType = msgspec.UNSET


class ContinuePipelineRequest(Body):
    """Body of ``pipelines.continue_`` (sent by a setup workflow)."""

    continuation_key: str = msgspec.field(name="continuation-key")
    configuration: str
    parameters: dict[str, int | str | bool] | msgspec.UnsetType = msgspec.UNSET


class PipelineRunRef(Body):
    """A branch or tag for ``pipelines.run``'s ``config`` and ``checkout``."""

    branch: str | msgspec.UnsetType = msgspec.UNSET
    tag: str | msgspec.UnsetType = msgspec.UNSET


class PipelineRunRequest(Body):
    """Body of ``pipelines.run``."""

    definition_id: str | msgspec.UnsetType = msgspec.UNSET
    config: PipelineRunRef | msgspec.UnsetType = msgspec.UNSET
    checkout: PipelineRunRef | msgspec.UnsetType = msgspec.UNSET
    parameters: dict[str, Any] | msgspec.UnsetType = msgspec.UNSET
