"""Models of the Trigger area (triggers of pipeline definitions)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit

import msgspec

from circleci_async.models._base import Body, Model
from circleci_async.models.v2.pipeline_definitions import RepoInput, SourceRepo

__all__ = [
    "CreateTriggerRequest",
    "EventPreset",
    "EventSource",
    "EventSourceInput",
    "EventSourceUpdate",
    "RepoInput",
    "SourceRepo",
    "Trigger",
    "TriggerDeleted",
    "UpdateTriggerRequest",
    "WebhookSender",
    "WebhookSource",
]


class EventPreset(StrEnum):
    """Known values of ``event_preset``: which GitHub App events start a pipeline.

    Fields typed ``str`` accept these members and any new value CircleCI adds.
    """

    ALL_PUSHES = "all-pushes"
    ONLY_TAGS = "only-tags"
    DEFAULT_BRANCH_PUSHES = "default-branch-pushes"
    ONLY_BUILD_PRS = "only-build-prs"
    ONLY_OPEN_PRS = "only-open-prs"
    ONLY_LABELED_PRS = "only-labeled-prs"
    ONLY_MERGED_PRS = "only-merged-prs"
    ONLY_READY_FOR_REVIEW_PRS = "only-ready-for-review-prs"
    ONLY_BRANCH_DELETE = "only-branch-delete"
    ONLY_BUILD_PUSHES_TO_NON_DRAFT_PRS = "only-build-pushes-to-non-draft-prs"
    ONLY_MERGED_OR_CLOSED_PRS = "only-merged-or-closed-prs"


class WebhookSource(Model):
    """The custom webhook a trigger listens on (its URL embeds a secret)."""

    url: str | None = None
    sender: str | None = None

    def __repr__(self) -> str:
        """Show the webhook without the query string, where its secret lives."""
        url = self.url
        if url and urlsplit(url).query:
            url = url.split("?", 1)[0] + "?…"
        return f"WebhookSource(url={url!r}, sender={self.sender!r})"


class EventSource(Model):
    """Where a trigger's events come from: a repository or a custom webhook."""

    provider: str | None = None
    """``github_app``, ``github_oauth``, ``bitbucket_dc``, ``webhook`` (or a new value)."""
    repo: SourceRepo | None = None
    webhook: WebhookSource | None = None


class Trigger(Model):
    """A trigger: which events start a pipeline of a pipeline definition."""

    id: str | None = None
    event_name: str | None = None
    created_at: datetime | None = None
    event_source: EventSource | None = None
    event_preset: str | None = None
    """One of :class:`EventPreset` (or a new value)."""
    checkout_ref: str | None = None
    config_ref: str | None = None
    disabled: bool | None = None


class TriggerDeleted(Model):
    """The answer to deleting a trigger."""

    message: str | None = None


class WebhookSender(Body):
    """The sender of a custom webhook (request bodies)."""

    sender: str | msgspec.UnsetType = msgspec.UNSET


class EventSourceInput(Body):
    """Event source of a new trigger.

    ``provider`` is ``github_app`` (give ``repo``), ``github_oauth`` or ``webhook`` (may give
    ``webhook``).
    """

    provider: str
    repo: RepoInput | msgspec.UnsetType = msgspec.UNSET
    webhook: WebhookSender | msgspec.UnsetType = msgspec.UNSET


class EventSourceUpdate(Body):
    """Changes to a trigger's event source: only a webhook's sender can change."""

    webhook: WebhookSender | msgspec.UnsetType = msgspec.UNSET


class CreateTriggerRequest(Body):
    """Body of ``triggers.create``."""

    event_source: EventSourceInput
    event_preset: str | msgspec.UnsetType = msgspec.UNSET
    checkout_ref: str | msgspec.UnsetType = msgspec.UNSET
    config_ref: str | msgspec.UnsetType = msgspec.UNSET
    event_name: str | msgspec.UnsetType = msgspec.UNSET
    disabled: bool | msgspec.UnsetType = msgspec.UNSET


class UpdateTriggerRequest(Body):
    """Body of ``triggers.update``: only the fields given are changed."""

    event_preset: str | msgspec.UnsetType = msgspec.UNSET
    checkout_ref: str | msgspec.UnsetType = msgspec.UNSET
    config_ref: str | msgspec.UnsetType = msgspec.UNSET
    event_name: str | msgspec.UnsetType = msgspec.UNSET
    disabled: bool | msgspec.UnsetType = msgspec.UNSET
    event_source: EventSourceUpdate | msgspec.UnsetType = msgspec.UNSET
