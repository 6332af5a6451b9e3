"""Models of the Project area."""

from __future__ import annotations

import msgspec

from circleci_async.models._base import Model

__all__ = ["Project", "VcsInfo"]


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
