"""Helpers for the fake's Groups, Pipeline Definition, Trigger, Rollback and Deploy routes.

Their state lives beside the server, one instance per ``FakeCircleCI``, built on first use
from the server's seeded data (with its own random generator, so the seeded ids of the core
data do not move).
"""

from __future__ import annotations

import random
import uuid
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from aiohttp import web

from circleci_async.testing._web import ApiError, fake_of, require_user
from circleci_async.testing.data import FakeProject

if TYPE_CHECKING:
    from circleci_async.testing.server import FakeCircleCI

__all__ = [
    "MSG_BAD_BODY",
    "PerFake",
    "check_fields",
    "new_uuid",
    "optional_str",
    "org_for",
    "page_size_param",
    "project_by_id",
    "require_obj",
    "require_str",
    "seeded_random",
    "uuid_param",
]

S = TypeVar("S")

#: What CircleCI answers to a body with unknown or ill-typed fields.
MSG_BAD_BODY = "Unexpected request body provided."


class PerFake(Generic[S]):
    """State of one kind kept per server instance, built by ``build(fake)`` on first use."""

    def __init__(self, build: Callable[[FakeCircleCI], S]) -> None:
        self._build = build
        self._states: weakref.WeakKeyDictionary[FakeCircleCI, S] = weakref.WeakKeyDictionary()

    def __call__(self, fake: FakeCircleCI) -> S:
        """The state of ``fake`` (built now if this is the first use)."""
        state = self._states.get(fake)
        if state is None:
            state = self._states[fake] = self._build(fake)
        return state

    def of(self, request: web.Request) -> S:
        """The state of the server handling ``request``."""
        return self(fake_of(request))


def seeded_random(fake: FakeCircleCI, area: str) -> random.Random:
    """A random generator for ``area``, derived from the server data's seed."""
    return random.Random(f"{fake.data.seed}:{area}")


def new_uuid(rng: random.Random) -> str:
    """A deterministic UUID from ``rng``."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def org_for(request: web.Request, org_id: str) -> str:
    """Check the caller is signed in and ``org_id`` is the fake's organization; 404 otherwise."""
    require_user(request)
    if org_id != fake_of(request).data.org_id:
        raise ApiError(404, "Organization does not exist.")
    return org_id


def project_by_id(request: web.Request, project_id: str) -> FakeProject:
    """The project with this id; 401 without a user, 404 for an unknown id."""
    require_user(request)
    for project in fake_of(request).data.projects.values():
        if project.id == project_id:
            return project
    raise ApiError(404, "Project does not exist.")


def uuid_param(request: web.Request, name: str, *, required: bool) -> str | None:
    """A UUID query parameter; 400 when malformed (or missing and required)."""
    value = request.query.get(name)
    if value is None:
        if required:
            raise ApiError(400, f"{name} is required")
        return None
    try:
        uuid.UUID(value)
    except ValueError:
        raise ApiError(400, f"{name} must be a UUID, got {value!r}") from None
    return value


def page_size_param(request: web.Request, name: str, *, default: int | None) -> int:
    """A positive integer page size from the query; 400 when malformed or missing."""
    value = request.query.get(name)
    if value is None:
        if default is None:
            raise ApiError(400, f"{name} is required")
        return default
    try:
        size = int(value)
    except ValueError:
        raise ApiError(400, f"{name} must be an integer, got {value!r}") from None
    if size < 1:
        raise ApiError(400, f"{name} must be at least 1")
    return size


def check_fields(obj: Mapping[str, Any], allowed: set[str], where: str = "") -> None:
    """400 for a key outside ``allowed`` (the spec forbids additional properties)."""
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise ApiError(400, f"{MSG_BAD_BODY} Unknown field {where}{unknown[0]!r}")


def require_obj(obj: Mapping[str, Any], key: str, where: str = "") -> dict[str, Any]:
    """The object at ``obj[key]``; 400 when missing or not an object."""
    value = obj.get(key)
    if not isinstance(value, dict):
        raise ApiError(400, f"{MSG_BAD_BODY} {where}{key} must be an object")
    return value


def require_str(obj: Mapping[str, Any], key: str, where: str = "") -> str:
    """The non-empty string at ``obj[key]``; 400 when missing or not a string."""
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise ApiError(400, f"{MSG_BAD_BODY} {where}{key} must be a non-empty string")
    return value


def optional_str(obj: Mapping[str, Any], key: str, where: str = "") -> str | None:
    """The string at ``obj[key]`` or ``None`` when absent; 400 when not a string."""
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise ApiError(400, f"{MSG_BAD_BODY} {where}{key} must be a string")
    return value
