"""Models of the Webhook area: outbound webhooks (JSON keys are kebab-case)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from circleci_async.models._base import Body, Model

__all__ = [
    "CreateWebhookRequest",
    "UpdateWebhookRequest",
    "Webhook",
    "WebhookDeleted",
    "WebhookEvent",
    "WebhookScope",
    "WebhookScopeInput",
]


class WebhookEvent(StrEnum):
    """Known values of :attr:`Webhook.events` (fields typed ``str`` accept new ones)."""

    WORKFLOW_COMPLETED = "workflow-completed"
    JOB_COMPLETED = "job-completed"


class WebhookScope(Model):
    """What a webhook is attached to: ``type`` is ``project`` and ``id`` the project's id."""

    id: str = ""
    type: str = ""


class Webhook(Model, rename="kebab"):
    """An outbound webhook; its ``repr`` hides the signing secret."""

    id: str = ""
    name: str = ""
    url: str = ""
    events: list[str] = msgspec.field(default_factory=list)
    """Values of :class:`WebhookEvent` (or new ones)."""
    scope: WebhookScope = msgspec.field(default_factory=WebhookScope)
    verify_tls: bool | None = None
    signing_secret: str = ""
    """As the API returns it; never shown by ``repr``."""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def __repr__(self) -> str:
        """Show the webhook without its signing secret."""
        return (
            f"Webhook(id={self.id!r}, name={self.name!r}, url={self.url!r}, "
            f"events={self.events!r}, scope={self.scope!r}, verify_tls={self.verify_tls!r}, "
            f"signing_secret=<hidden>, created_at={self.created_at!r}, "
            f"updated_at={self.updated_at!r})"
        )


class WebhookDeleted(Model):
    """The answer to deleting a webhook."""

    message: str | None = None


class WebhookScopeInput(Body):
    """The scope of a new webhook: ``WebhookScopeInput(id=project_id, type="project")``."""

    id: str
    type: str


class CreateWebhookRequest(Body, rename="kebab"):
    """Body of ``webhooks.create``; its ``repr`` hides the signing secret."""

    name: str
    events: list[str]
    url: str
    verify_tls: bool
    signing_secret: str
    scope: WebhookScopeInput

    def __repr__(self) -> str:
        """Show the request without its signing secret."""
        return (
            f"CreateWebhookRequest(name={self.name!r}, events={self.events!r}, "
            f"url={self.url!r}, verify_tls={self.verify_tls!r}, signing_secret=<hidden>, "
            f"scope={self.scope!r})"
        )


class UpdateWebhookRequest(Body, rename="kebab"):
    """Body of ``webhooks.update``: only the fields given are changed."""

    name: str | msgspec.UnsetType = msgspec.UNSET
    events: list[str] | msgspec.UnsetType = msgspec.UNSET
    url: str | msgspec.UnsetType = msgspec.UNSET
    signing_secret: str | msgspec.UnsetType = msgspec.UNSET
    verify_tls: bool | msgspec.UnsetType = msgspec.UNSET

    def __repr__(self) -> str:
        """Show the request without its signing secret."""
        secret = "<unset>" if self.signing_secret is msgspec.UNSET else "<hidden>"
        return (
            f"UpdateWebhookRequest(name={self.name!r}, events={self.events!r}, "
            f"url={self.url!r}, signing_secret={secret}, verify_tls={self.verify_tls!r})"
        )
