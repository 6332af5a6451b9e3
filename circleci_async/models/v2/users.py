"""Models of the User area (``/me``, ``/me/collaborations``, ``/user/{id}``)."""

from __future__ import annotations

import msgspec

from circleci_async.models._base import Model

__all__ = ["Collaboration", "User"]


class User(Model):
    """A CircleCI user."""

    id: str = ""
    login: str = ""
    name: str = ""
    avatar_url: str | None = None


class Collaboration(Model):
    """An organization the current user belongs to."""

    id: str | None = None
    vcs_type: str = msgspec.field(default="", name="vcs-type")
    name: str = ""
    avatar_url: str = ""
    slug: str = ""
