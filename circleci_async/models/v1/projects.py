"""Models of v1.1 project endpoints: followed projects, checkout keys, env vars."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from circleci_async.models._base import Body, Model

__all__ = [
    "BranchBuild",
    "BranchInfo",
    "CheckoutKey",
    "CheckoutKeyRequest",
    "CheckoutKeyType",
    "DeleteSSHKeyRequest",
    "EnvVar",
    "EnvVarRequest",
    "Message",
    "Project",
    "SSHKeyRequest",
]


class BranchBuild(Model):
    """A short build reference in a project's per-branch information."""

    build_num: int | None = None
    status: str | None = None
    outcome: str | None = None
    vcs_revision: str | None = None
    pushed_at: datetime | None = None
    added_at: datetime | None = None


class BranchInfo(Model):
    """Build information of one branch of a followed project."""

    pusher_logins: list[str] = msgspec.field(default_factory=list)
    last_success: BranchBuild | None = None
    last_non_success: BranchBuild | None = None
    recent_builds: list[BranchBuild] = msgspec.field(default_factory=list)
    """The last five builds, newest first."""
    running_builds: list[BranchBuild] = msgspec.field(default_factory=list)


class Project(Model):
    """A followed project with build information per branch (``branches``: name → info)."""

    vcs_url: str | None = None
    username: str | None = None
    reponame: str | None = None
    vcs_type: str | None = None
    followed: bool | None = None
    default_branch: str | None = None
    oss: bool | None = None
    branches: dict[str, BranchInfo] = msgspec.field(default_factory=dict)


class CheckoutKeyType(StrEnum):
    """Known values of ``CheckoutKey.type`` (answers may also say ``user-key``)."""

    DEPLOY_KEY = "deploy-key"
    GITHUB_USER_KEY = "github-user-key"


class CheckoutKey(Model):
    """An SSH key CircleCI checks the project out with (only the public half)."""

    fingerprint: str
    type: str | None = None
    public_key: str | None = None
    preferred: bool | None = None
    time: datetime | None = None
    login: str | None = None


class EnvVar(Model):
    """A project environment variable; ``value`` is masked (``xxxx`` + the last 4 chars)."""

    name: str
    value: str | None = None


class Message(Model):
    """A bare ``{"message": "ok"}`` answer (deletions)."""

    message: str | None = None


class CheckoutKeyRequest(Body):
    """Body of ``projects.create_checkout_key``."""

    type: str


class SSHKeyRequest(Body):
    """Body of ``projects.add_ssh_key``."""

    hostname: str
    private_key: str

    def __repr__(self) -> str:
        """Never show the private key."""
        return f"SSHKeyRequest(hostname={self.hostname!r}, private_key=<redacted>)"


class DeleteSSHKeyRequest(Body):
    """Body of ``projects.delete_ssh_key``."""

    fingerprint: str
    hostname: str | msgspec.UnsetType = msgspec.UNSET


class EnvVarRequest(Body):
    """Body of ``projects.create_env_var``."""

    name: str
    value: str

    def __repr__(self) -> str:
        """Never show the value."""
        return f"EnvVarRequest(name={self.name!r}, value=<redacted>)"
