"""Models of the Organization area: organizations and their URL orb allow-list."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from circleci_async.models._base import Body, Message, Model

__all__ = [
    "CreateOrganizationRequest",
    "CreateUrlOrbAllowListEntryRequest",
    "Message",
    "Organization",
    "OrgVcsType",
    "UrlOrbAllowListChange",
    "UrlOrbAllowListEntry",
    "UrlOrbAuth",
]


class OrgVcsType(StrEnum):
    """Known ``vcs_type`` values of an organization (``circleci``: a standalone organization)."""

    GITHUB = "github"
    BITBUCKET = "bitbucket"
    CIRCLECI = "circleci"


class UrlOrbAuth(StrEnum):
    """Known ways CircleCI authenticates when it fetches a URL orb."""

    NONE = "none"
    GITHUB_APP = "github-app"
    GITHUB_OAUTH = "github-oauth"
    BITBUCKET_OAUTH = "bitbucket-oauth"


class Organization(Model):
    """An organization."""

    id: str | None = None
    name: str | None = None
    slug: str | None = None
    vcs_type: str | None = None
    """One of :class:`OrgVcsType` (or a new value)."""


class UrlOrbAllowListEntry(Model):
    """An entry of an organization's URL orb allow-list."""

    id: str | None = None
    name: str | None = None
    prefix: Any = None
    """URL prefix the entry allows (a string; the spec leaves its type open)."""
    auth: str | None = None
    """One of :class:`UrlOrbAuth` (or a new value)."""


class UrlOrbAllowListChange(Model):
    """The answer to adding or removing a URL orb allow-list entry."""

    id: str | None = None
    message: str | None = None


class CreateOrganizationRequest(Body):
    """Body of ``organizations.create``."""

    name: str
    vcs_type: str


class CreateUrlOrbAllowListEntryRequest(Body):
    """Body of ``organizations.create_url_orb_allow_list_entry``."""

    name: str
    prefix: str
    auth: str
