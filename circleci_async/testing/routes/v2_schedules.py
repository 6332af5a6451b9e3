"""Fake v2 Schedule area: stateful CRUD of scheduled pipelines, validated like CircleCI.

Each project starts with one ``nightly`` schedule (seeded on first use).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiohttp import web

from circleci_async.testing._web import (
    ApiError,
    add_slug_route,
    fake_of,
    json_body,
    ok,
    page,
    project_for,
    require_user,
)
from circleci_async.testing.data import BASE_TIME, FakeProject, FakeUser, iso
from circleci_async.testing.routes._v2org import PerFake, new_uuid, seeded_random

if TYPE_CHECKING:
    from circleci_async.testing.server import FakeCircleCI

__all__ = ["FakeSchedule", "SchedulesState", "register", "schedules_state"]

WEEKDAYS = frozenset({"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"})
MONTHS = frozenset(
    {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}
)
_TIMETABLE_KEYS = {"per-hour", "hours-of-day", "days-of-week", "days-of-month", "months"}
_CREATE_KEYS = {"name", "timetable", "attribution-actor", "parameters", "description"}
_SYSTEM_ACTOR = {
    "id": "00000000-0000-4000-8000-000000000000",
    "login": "system-actor",
    "name": "Scheduled",
    "avatar_url": None,
}


@dataclass
class FakeSchedule:
    """A schedule of a project."""

    id: str
    project_slug: str
    name: str
    description: str | None
    timetable: dict[str, Any]
    actor: dict[str, Any]
    parameters: dict[str, Any]
    created_at: datetime
    updated_at: datetime

    def json(self) -> dict[str, Any]:
        """The schedule as the API shows it."""
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "project-slug": self.project_slug,
            "timetable": self.timetable,
            "actor": self.actor,
            "parameters": self.parameters,
            "created-at": iso(self.created_at),
            "updated-at": iso(self.updated_at),
        }


@dataclass
class SchedulesState:
    """Schedules of one server; projects are seeded with one schedule on first use."""

    rng: random.Random
    now: datetime
    schedules: dict[str, FakeSchedule] = field(default_factory=dict)
    seeded: set[str] = field(default_factory=set)

    def tick(self) -> datetime:
        """A timestamp one second later than the previous one."""
        self.now += timedelta(seconds=1)
        return self.now

    def of_project(self, project: FakeProject, owner: FakeUser) -> list[FakeSchedule]:
        """Schedules of ``project``, oldest first (seeding it on first use)."""
        if project.slug not in self.seeded:
            self.seeded.add(project.slug)
            self.add(
                project.slug,
                name="nightly",
                description="Nightly build of the default branch",
                timetable={"per-hour": 1, "hours-of-day": [2], "days-of-week": ["MON", "WED"]},
                actor=_user_json(owner),
                parameters={"branch": project.default_branch},
            )
        return [s for s in self.schedules.values() if s.project_slug == project.slug]

    def add(self, project_slug: str, **fields: Any) -> FakeSchedule:
        """Add a schedule with a fresh id."""
        now = self.tick()
        schedule = FakeSchedule(
            id=new_uuid(self.rng),
            project_slug=project_slug,
            created_at=now,
            updated_at=now,
            **fields,
        )
        self.schedules[schedule.id] = schedule
        return schedule


def _seed(fake: FakeCircleCI) -> SchedulesState:
    return SchedulesState(seeded_random(fake, "schedules"), BASE_TIME - timedelta(days=60))


#: ``schedules_state(fake)``: the schedules of one server.
schedules_state = PerFake(_seed)


def _user_json(user: FakeUser) -> dict[str, Any]:
    return {"id": user.id, "login": user.login, "name": user.name, "avatar_url": user.avatar_url}


def _bad(message: str) -> ApiError:
    return ApiError(400, message)


def _ints(value: Any, key: str, low: int, high: int) -> list[int]:
    if not isinstance(value, list) or not value:
        raise _bad(f"timetable.{key} must be a non-empty list of integers")
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int) or not low <= item <= high:
            raise _bad(f"timetable.{key}: {item!r} is not an integer in {low}..{high}")
    return value


def _names(value: Any, key: str, known: frozenset[str]) -> list[str]:
    if not isinstance(value, list) or not value:
        raise _bad(f"timetable.{key} must be a non-empty list")
    for item in value:
        if item not in known:
            raise _bad(f"timetable.{key}: {item!r} is not one of {', '.join(sorted(known))}")
    return value


def _timetable(raw: Any, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """Validate a timetable (merged over ``base`` for an update); 400 like CircleCI."""
    if not isinstance(raw, dict):
        raise _bad("timetable must be an object")
    unknown = sorted(set(raw) - _TIMETABLE_KEYS)
    if unknown:
        raise _bad(f"Unexpected timetable field '{unknown[0]}'")
    table = {**(base or {}), **raw}
    per_hour = table.get("per-hour")
    if isinstance(per_hour, bool) or not isinstance(per_hour, int) or not 1 <= per_hour <= 60:
        raise _bad("timetable.per-hour must be an integer in 1..60")
    _ints(table.get("hours-of-day"), "hours-of-day", 0, 23)
    if "days-of-week" not in table and "days-of-month" not in table:
        raise _bad("timetable needs days-of-week or days-of-month")
    if "days-of-week" in table:
        _names(table["days-of-week"], "days-of-week", WEEKDAYS)
    if "days-of-month" in table:
        _ints(table["days-of-month"], "days-of-month", 1, 31)
    if "months" in table:
        _names(table["months"], "months", MONTHS)
    return table


def _parameters(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _bad("parameters must be an object")
    for key, value in raw.items():
        if not isinstance(value, str | int | bool):
            raise _bad(f"parameters.{key} must be a string, integer or boolean")
    return raw


def _actor(raw: Any, user: FakeUser) -> dict[str, Any]:
    if raw == "current":
        return _user_json(user)
    if raw == "system":
        return dict(_SYSTEM_ACTOR)
    raise _bad("attribution-actor must be 'current' or 'system'")


def _name(raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise _bad("name must be a non-empty string")
    return raw


def _description(raw: Any) -> str | None:
    if raw is not None and not isinstance(raw, str):
        raise _bad("description must be a string or null")
    return raw


def _project(request: web.Request) -> tuple[FakeProject, FakeUser]:
    user = require_user(request)
    return project_for(request, request.match_info["project_slug"]), user


def _schedule(request: web.Request) -> FakeSchedule:
    require_user(request)
    found = schedules_state.of(request).schedules.get(request.match_info["schedule_id"])
    if found is None or found.project_slug not in fake_of(request).data.projects:
        raise ApiError(404, "Schedule not found.")
    return found


async def list_schedules(request: web.Request) -> web.Response:
    project, user = _project(request)
    items = schedules_state.of(request).of_project(project, user)
    return page(request, [s.json() for s in items])


async def create_schedule(request: web.Request) -> web.Response:
    project, user = _project(request)
    state = schedules_state.of(request)
    body = await json_body(request)
    unknown = sorted(set(body) - _CREATE_KEYS)
    if unknown:
        raise _bad(f"Unexpected JSON field '{unknown[0]}'")
    for key in ("name", "timetable", "attribution-actor", "parameters"):
        if key not in body:
            raise _bad(f"{key} is required")
    name = _name(body["name"])
    existing = state.of_project(project, user)
    if any(s.name == name for s in existing):
        raise ApiError(409, f"A schedule named {name!r} already exists for this project.")
    schedule = state.add(
        project.slug,
        name=name,
        description=_description(body.get("description")),
        timetable=_timetable(body["timetable"]),
        actor=_actor(body["attribution-actor"], user),
        parameters=_parameters(body["parameters"]),
    )
    return ok(schedule.json(), 201)


async def get_schedule(request: web.Request) -> web.Response:
    return ok(_schedule(request).json())


async def update_schedule(request: web.Request) -> web.Response:
    schedule = _schedule(request)
    user = require_user(request)
    body = await json_body(request)
    unknown = sorted(set(body) - _CREATE_KEYS)
    if unknown:
        raise _bad(f"Unexpected JSON field '{unknown[0]}'")
    if not body:
        raise _bad("No JSON fields found.")
    changes: dict[str, Any] = {}
    if "name" in body:
        changes["name"] = _name(body["name"])
    if "description" in body:
        changes["description"] = _description(body["description"])
    if "timetable" in body:
        changes["timetable"] = _timetable(body["timetable"], schedule.timetable)
    if "attribution-actor" in body:
        changes["actor"] = _actor(body["attribution-actor"], user)
    if "parameters" in body:
        changes["parameters"] = _parameters(body["parameters"])
    for key, value in changes.items():
        setattr(schedule, key, value)
    schedule.updated_at = schedules_state.of(request).tick()
    return ok(schedule.json())


async def delete_schedule(request: web.Request) -> web.Response:
    schedule = _schedule(request)
    del schedules_state.of(request).schedules[schedule.id]
    return ok({"message": "Schedule deleted."})


def register(app: web.Application) -> None:
    """Add the routes."""
    add_slug_route(app, "GET", "/api/v2/project/{project_slug}/schedule", list_schedules)
    add_slug_route(app, "POST", "/api/v2/project/{project_slug}/schedule", create_schedule)
    app.router.add_get("/api/v2/schedule/{schedule_id}", get_schedule)
    app.router.add_patch("/api/v2/schedule/{schedule_id}", update_schedule)
    app.router.add_delete("/api/v2/schedule/{schedule_id}", delete_schedule)
