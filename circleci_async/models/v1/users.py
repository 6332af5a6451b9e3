"""Models of v1.1 user endpoints: the signed-in user and the Heroku key body."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from circleci_async.models._base import Body, Model

__all__ = ["HerokuKeyRequest", "User"]


class User(Model):
    """The signed-in user (``GET /me``).

    ``basic_email_prefs`` is ``smart``, ``none`` or ``all`` (or a new value).
    """

    login: str | None = None
    name: str | None = None
    avatar_url: str | None = None
    basic_email_prefs: str | None = None
    admin: bool | None = None
    plan: str | None = None
    trial_end: datetime | None = None
    days_left_in_trial: int | None = None
    user_key_fingerprint: str | None = None
    selected_email: str | None = None
    all_emails: list[str] | None = None
    created_at: datetime | None = None
    github_id: int | None = None
    projects: dict[str, Any] | None = None


class HerokuKeyRequest(Body):
    """Body of ``users.add_heroku_key``."""

    apikey: str

    def __repr__(self) -> str:
        """Never show the key."""
        return "HerokuKeyRequest(apikey=<redacted>)"
