"""Schedule area: scheduled pipelines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from circleci_async._http import codec
from circleci_async.models.v2.schedules import (
    AttributionActor,
    CreateScheduleRequest,
    Month,
    Schedule,
    ScheduleDeleted,
    TimetableInput,
    UpdateScheduleRequest,
    Weekday,
)
from circleci_async.pagination import AsyncPager
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Schedules"]

OPERATIONS = {
    "listSchedulesForProject": "schedules.list",
    "createSchedule": "schedules.create",
    "getScheduleById": "schedules.get",
    "updateSchedule": "schedules.update",
    "deleteScheduleById": "schedules.delete",
}

_OF_PROJECT = "/project/{project_slug}/schedule"
_ONE = "/schedule/{schedule_id}"

Timetable = TimetableInput | Mapping[str, Any]
Parameters = Mapping[str, str | int | bool]


class Schedules(Resource):
    """``cci.schedules``: schedules that trigger a project's pipelines."""

    __slots__ = ()

    def list(self, project_slug: str) -> AsyncPager[Schedule]:
        """Schedules of a project."""
        path = {"project_slug": codec.project_slug(project_slug)}
        return self._token_pager(_OF_PROJECT, Schedule, path=path)

    async def create(
        self,
        project_slug: str,
        *,
        name: str,
        timetable: Timetable,
        attribution_actor: str = AttributionActor.CURRENT,
        parameters: Parameters | None = None,
        description: str | None = None,
    ) -> Schedule:
        """Create a schedule.

        ``timetable`` is a :class:`TimetableInput` or a dict such as
        ``{"per_hour": 1, "hours_of_day": [3], "days_of_week": ["MON"]}`` (API names like
        ``per-hour`` work too); it needs ``per_hour``, ``hours_of_day`` and ``days_of_week``
        or ``days_of_month``. ``parameters`` are the pipeline parameters, for example
        ``{"branch": "main"}``; ``attribution_actor`` is ``current`` or ``system``.
        """
        path = {"project_slug": codec.project_slug(project_slug)}
        table = _timetable(timetable)
        missing = [n for n in ("per_hour", "hours_of_day") if getattr(table, n) is msgspec.UNSET]
        if missing:
            raise ValueError(f"timetable: {' and '.join(missing)} required for a new schedule")
        if table.days_of_week is msgspec.UNSET and table.days_of_month is msgspec.UNSET:
            raise ValueError("timetable: days_of_week or days_of_month required")
        body = codec.build_body(
            CreateScheduleRequest,
            {
                "name": name,
                "timetable": table,
                "attribution_actor": _actor(attribution_actor),
                "parameters": {} if parameters is None else parameters,
                "description": description,
            },
        )
        return await self._s.call("POST", _OF_PROJECT, Schedule, path=path, json=body)

    async def get(self, schedule_id: str) -> Schedule:
        """Return a schedule."""
        return await self._s.call("GET", _ONE, Schedule, path=_one(schedule_id))

    async def update(
        self,
        schedule_id: str,
        *,
        description: str | None = None,
        name: str | None = None,
        timetable: Timetable | None = None,
        attribution_actor: str | None = None,
        parameters: Parameters | None = None,
    ) -> Schedule:
        """Change a schedule; arguments left at ``None`` are not sent.

        A ``timetable`` given here replaces only the timetable fields it names.
        """
        path = _one(schedule_id)
        body = codec.build_body(
            UpdateScheduleRequest,
            {
                "description": description,
                "name": name,
                "timetable": None if timetable is None else _timetable(timetable),
                "attribution_actor": None
                if attribution_actor is None
                else _actor(attribution_actor),
                "parameters": parameters,
            },
        )
        if codec.encode(body) == b"{}":
            raise ValueError("give at least one field to change")
        return await self._s.call("PATCH", _ONE, Schedule, path=path, json=body)

    async def delete(self, schedule_id: str) -> ScheduleDeleted:
        """Delete a schedule."""
        return await self._s.call("DELETE", _ONE, ScheduleDeleted, path=_one(schedule_id))


def _one(schedule_id: str) -> dict[str, str]:
    return {"schedule_id": codec.path_segment(schedule_id, "schedule_id")}


def _actor(value: object) -> str:
    if not isinstance(value, str) or value not in set(AttributionActor):
        raise ValueError(f"attribution_actor must be 'current' or 'system', got {value!r}")
    return str(value)


_RANGES = {"per_hour": (1, 60), "hours_of_day": (0, 23), "days_of_month": (1, 31)}
_NAMES = {"days_of_week": frozenset(Weekday), "months": frozenset(Month)}


def _timetable(value: object) -> TimetableInput:
    """Validate a timetable (Struct or dict with Python or API key names)."""
    if isinstance(value, TimetableInput):
        data: Any = msgspec.to_builtins(value)
    elif isinstance(value, Mapping):
        data = {str(k).replace("_", "-"): v for k, v in value.items()}
    else:
        raise TypeError(f"timetable must be a TimetableInput or a dict, got {value!r}")
    table = codec.convert_arg(data, TimetableInput, "timetable")
    for field, (low, high) in _RANGES.items():
        got = getattr(table, field)
        for number in [got] if isinstance(got, int) else got or ():
            if not low <= number <= high:
                raise ValueError(f"timetable.{field}: {number!r} is not in {low}..{high}")
    for field, known in _NAMES.items():
        for item in getattr(table, field) or ():
            if item not in known:
                raise ValueError(
                    f"timetable.{field}: {item!r} is not one of {', '.join(sorted(known))}"
                )
    return table
