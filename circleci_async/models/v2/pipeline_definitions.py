"""Models of the Pipeline Definition area (``/projects/{project_id}/pipeline-definitions``)."""

from __future__ import annotations

from datetime import datetime

import msgspec

from circleci_async.models._base import Body, Model

__all__ = [
    "CheckoutSource",
    "CheckoutSourceInput",
    "CheckoutSourceUpdate",
    "ConfigSource",
    "ConfigSourceInput",
    "ConfigSourceUpdate",
    "CreatePipelineDefinitionRequest",
    "PipelineDefinition",
    "PipelineDefinitionDeleted",
    "RepoInput",
    "SourceRepo",
    "UpdatePipelineDefinitionRequest",
]


class SourceRepo(Model):
    """A repository a pipeline definition or a trigger refers to."""

    full_name: str | None = None
    """``org/repo``."""
    external_id: str | None = None
    """The repository's id at its VCS provider."""


class ConfigSource(Model):
    """Where the CircleCI config of a pipeline definition lives."""

    provider: str | None = None
    """``github_app``, ``circleci``, ``bitbucket_dc``, ``github_oauth`` (or a new value)."""
    repo: SourceRepo | None = None
    file_path: str | None = None
    """Path of the config file in the repository (``.circleci/config.yml``)."""


class CheckoutSource(Model):
    """The repository the ``checkout`` step of a pipeline definition clones."""

    provider: str | None = None
    """``github_app``, ``bitbucket_dc``, ``github_oauth`` (or a new value)."""
    repo: SourceRepo | None = None


class PipelineDefinition(Model):
    """A pipeline definition: a named config source plus a checkout source."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    created_at: datetime | None = None
    config_source: ConfigSource | None = None
    checkout_source: CheckoutSource | None = None


class PipelineDefinitionDeleted(Model):
    """The answer to deleting a pipeline definition."""

    message: str | None = None


class RepoInput(Body):
    """A repository named by its id at the VCS provider (request bodies)."""

    external_id: str


class ConfigSourceInput(Body):
    """Config source of a new pipeline definition.

    ``provider`` is ``github_app`` (then ``repo`` is required) or ``circleci`` (no ``repo``).
    """

    provider: str
    file_path: str
    repo: RepoInput | msgspec.UnsetType = msgspec.UNSET


class CheckoutSourceInput(Body):
    """Checkout source of a new pipeline definition (``provider`` is ``github_app``)."""

    provider: str
    repo: RepoInput


class ConfigSourceUpdate(Body):
    """Changes to a pipeline definition's config source: only the file path can change."""

    file_path: str | msgspec.UnsetType = msgspec.UNSET


class CheckoutSourceUpdate(Body):
    """Changes to a pipeline definition's checkout source."""

    provider: str | msgspec.UnsetType = msgspec.UNSET
    repo: RepoInput | msgspec.UnsetType = msgspec.UNSET


class CreatePipelineDefinitionRequest(Body):
    """Body of ``pipeline_definitions.create``."""

    name: str
    config_source: ConfigSourceInput
    checkout_source: CheckoutSourceInput
    description: str | msgspec.UnsetType = msgspec.UNSET


class UpdatePipelineDefinitionRequest(Body):
    """Body of ``pipeline_definitions.update``: only the fields given are changed."""

    name: str | msgspec.UnsetType = msgspec.UNSET
    description: str | msgspec.UnsetType = msgspec.UNSET
    config_source: ConfigSourceUpdate | msgspec.UnsetType = msgspec.UNSET
    checkout_source: CheckoutSourceUpdate | msgspec.UnsetType = msgspec.UNSET
