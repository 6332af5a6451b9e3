"""Models of the Context area: contexts, their environment variables and restrictions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from circleci_async.models._base import Body, Message, Model

__all__ = [
    "Context",
    "ContextEnvVar",
    "ContextOwner",
    "ContextRestriction",
    "CreateContextRequest",
    "CreateRestrictionRequest",
    "Message",
    "OwnerType",
    "RestrictionType",
    "SetEnvVarRequest",
]


class OwnerType(StrEnum):
    """Known kinds of context owner (``account`` exists only on CircleCI server)."""

    ORGANIZATION = "organization"
    ACCOUNT = "account"


class RestrictionType(StrEnum):
    """Known kinds of context restriction; fields typed ``str`` accept new values too."""

    PROJECT = "project"
    EXPRESSION = "expression"
    GROUP = "group"


class Context(Model):
    """A context: a named set of environment variables shared by projects."""

    id: str | None = None
    name: str | None = None
    created_at: datetime | None = None


class ContextEnvVar(Model):
    """An environment variable of a context (the API never returns its value)."""

    variable: str | None = None
    context_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class ContextRestriction(Model):
    """A restriction on who may use a context."""

    id: str | None = None
    context_id: str | None = None
    restriction_type: str | None = None
    """One of :class:`RestrictionType` (or a new value)."""
    restriction_value: str | None = None
    """A project id, an expression rule or a group id, depending on ``restriction_type``."""
    name: str | None = None
    project_id: str | None = None
    """Deprecated by CircleCI: read ``restriction_value`` of project restrictions instead."""


class ContextOwner(Body):
    """Owner of a new context: give ``id`` (organization or account) or ``slug`` (``gh/org``)."""

    id: str | msgspec.UnsetType = msgspec.UNSET
    slug: str | msgspec.UnsetType = msgspec.UNSET
    type: str | msgspec.UnsetType = msgspec.UNSET
    """One of :class:`OwnerType`; CircleCI defaults to ``organization``."""


class CreateContextRequest(Body):
    """Body of ``contexts.create``."""

    name: str
    owner: ContextOwner


class SetEnvVarRequest(Body):
    """Body of ``contexts.set_env_var``."""

    value: str


class CreateRestrictionRequest(Body):
    """Body of ``contexts.create_restriction``."""

    restriction_type: str
    restriction_value: str
