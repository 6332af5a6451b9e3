"""Models of the Project area: projects, settings, checkout keys and environment variables."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import msgspec

from circleci_async.models._base import Body, Model

__all__ = [
    "AdvancedSettings",
    "AdvancedSettingsUpdate",
    "CheckoutKey",
    "CheckoutKeyDeleted",
    "CheckoutKeyInputType",
    "CheckoutKeyType",
    "CreateCheckoutKeyRequest",
    "CreateEnvVarRequest",
    "CreateProjectRequest",
    "EnvVar",
    "EnvVarDeleted",
    "Project",
    "ProjectDeleted",
    "ProjectSettings",
    "ProjectSettingsUpdate",
    "VcsInfo",
]


class VcsInfo(Model):
    """Where a project's code is hosted."""

    vcs_url: str = ""
    provider: str = ""
    """``Bitbucket``, ``CircleCI`` or ``GitHub`` (new values may appear)."""
    default_branch: str = ""


class Project(Model):
    """A CircleCI project."""

    slug: str = ""
    name: str = ""
    id: str = ""
    organization_name: str = ""
    organization_slug: str = ""
    organization_id: str = ""
    vcs_info: VcsInfo = msgspec.field(default_factory=VcsInfo)


class ProjectDeleted(Model):
    """The answer to deleting a project."""

    message: str | None = None


class CreateProjectRequest(Body):
    """Body of ``projects.create``."""

    name: str


# ---- advanced settings ------------------------------------------------------------------


class AdvancedSettings(Model):
    """A project's advanced settings; a setting the server leaves out is ``None``."""

    autocancel_builds: bool | None = None
    build_fork_prs: bool | None = None
    build_prs_only: bool | None = None
    disable_ssh: bool | None = None
    forks_receive_secret_env_vars: bool | None = None
    oss: bool | None = None
    set_github_status: bool | None = None
    setup_workflows: bool | None = None
    write_settings_requires_admin: bool | None = None
    pr_only_branch_overrides: list[str] | None = None


class ProjectSettings(Model):
    """Settings of a project (``projects.settings``, ``update_settings``, ``create_from_repo``)."""

    advanced: AdvancedSettings = msgspec.field(default_factory=AdvancedSettings)


class AdvancedSettingsUpdate(Body, forbid_unknown_fields=True):
    """The advanced settings to change; settings left out keep their value.

    Unknown names are rejected before any request (the API refuses them too).
    """

    autocancel_builds: bool | msgspec.UnsetType = msgspec.UNSET
    build_fork_prs: bool | msgspec.UnsetType = msgspec.UNSET
    build_prs_only: bool | msgspec.UnsetType = msgspec.UNSET
    disable_ssh: bool | msgspec.UnsetType = msgspec.UNSET
    forks_receive_secret_env_vars: bool | msgspec.UnsetType = msgspec.UNSET
    oss: bool | msgspec.UnsetType = msgspec.UNSET
    set_github_status: bool | msgspec.UnsetType = msgspec.UNSET
    setup_workflows: bool | msgspec.UnsetType = msgspec.UNSET
    write_settings_requires_admin: bool | msgspec.UnsetType = msgspec.UNSET
    pr_only_branch_overrides: list[str] | msgspec.UnsetType = msgspec.UNSET


class ProjectSettingsUpdate(Body, forbid_unknown_fields=True):
    """Body of ``projects.update_settings``."""

    advanced: AdvancedSettingsUpdate


# ---- checkout keys ----------------------------------------------------------------------


class CheckoutKeyType(StrEnum):
    """Known values of :attr:`CheckoutKey.type` (fields typed ``str`` accept new ones)."""

    DEPLOY_KEY = "deploy-key"
    GITHUB_USER_KEY = "github-user-key"


class CheckoutKeyInputType(StrEnum):
    """The kinds of checkout key ``projects.create_checkout_key`` can create."""

    USER_KEY = "user-key"
    DEPLOY_KEY = "deploy-key"


class CheckoutKey(Model, rename="kebab"):
    """An SSH key CircleCI uses to check out a project's code."""

    public_key: str = ""
    type: str = ""
    """One of :class:`CheckoutKeyType` (or a new value)."""
    fingerprint: str = ""
    preferred: bool | None = None
    created_at: datetime | None = None


class CheckoutKeyDeleted(Model):
    """The answer to deleting a checkout key."""

    message: str | None = None


class CreateCheckoutKeyRequest(Body):
    """Body of ``projects.create_checkout_key``."""

    type: str


# ---- environment variables --------------------------------------------------------------


class EnvVar(Model, rename="kebab"):
    """A project environment variable; the API shows ``value`` masked (``xxxx1234``)."""

    name: str = ""
    value: str = ""
    created_at: Any = None
    """When it was created: a string as the server sends it (the spec gives no type)."""


class EnvVarDeleted(Model):
    """The answer to deleting an environment variable."""

    message: str | None = None


class CreateEnvVarRequest(Body):
    """Body of ``projects.create_env_var``; its ``repr`` never shows the value."""

    name: str
    value: str

    def __repr__(self) -> str:
        """Show the name only: the value is a secret."""
        return f"CreateEnvVarRequest(name={self.name!r}, value=<hidden>)"
