"""Models of the Schedule area: scheduled pipelines (JSON keys are kebab-case)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from circleci_async.models._base import Body, Model
from circleci_async.models.v2.pipelines import PipelineParameterValue
from circleci_async.models.v2.users import User

__all__ = [
    "AttributionActor",
    "CreateScheduleRequest",
    "Month",
    "Schedule",
    "ScheduleDeleted",
    "ScheduleParameterValue",
    "Timetable",
    "TimetableInput",
    "UpdateScheduleRequest",
    "User",
    "Weekday",
]

#: Values of a schedule's pipeline parameters (strings, integers, booleans).
ScheduleParameterValue = PipelineParameterValue


class Weekday(StrEnum):
    """Values of ``days_of_week``."""

    MON = "MON"
    TUE = "TUE"
    WED = "WED"
    THU = "THU"
    FRI = "FRI"
    SAT = "SAT"
    SUN = "SUN"


class Month(StrEnum):
    """Values of ``months``."""

    JAN = "JAN"
    FEB = "FEB"
    MAR = "MAR"
    APR = "APR"
    MAY = "MAY"
    JUN = "JUN"
    JUL = "JUL"
    AUG = "AUG"
    SEP = "SEP"
    OCT = "OCT"
    NOV = "NOV"
    DEC = "DEC"


class AttributionActor(StrEnum):
    """Whom the scheduled pipelines are attributed to."""

    CURRENT = "current"
    SYSTEM = "system"


class Timetable(Model, rename="kebab"):
    """When a schedule runs.

    ``per_hour`` times in each of ``hours_of_day`` (UTC), on ``days_of_week`` or
    ``days_of_month``, in ``months`` (every month when empty).
    """

    per_hour: int | None = None
    hours_of_day: list[int] = msgspec.field(default_factory=list)
    days_of_week: list[str] = msgspec.field(default_factory=list)
    """Values of :class:`Weekday` (or new ones)."""
    days_of_month: list[int] = msgspec.field(default_factory=list)
    months: list[str] = msgspec.field(default_factory=list)
    """Values of :class:`Month` (or new ones)."""


class Schedule(Model, rename="kebab"):
    """A schedule that triggers pipelines of a project."""

    id: str = ""
    name: str = ""
    description: str | None = None
    project_slug: str = ""
    timetable: Timetable = msgspec.field(default_factory=Timetable)
    actor: User = msgspec.field(default_factory=User)
    parameters: dict[str, PipelineParameterValue] = msgspec.field(default_factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None


class ScheduleDeleted(Model):
    """The answer to deleting a schedule."""

    message: str | None = None


class TimetableInput(Body, rename="kebab", forbid_unknown_fields=True):
    """A timetable in a request body: fields left out are not sent.

    A new schedule needs ``per_hour``, ``hours_of_day`` and ``days_of_week`` or
    ``days_of_month``; an update sends only what changes. Plain dicts may use either the
    Python names (``per_hour``) or the API's (``per-hour``).
    """

    per_hour: int | msgspec.UnsetType = msgspec.UNSET
    hours_of_day: list[int] | msgspec.UnsetType = msgspec.UNSET
    days_of_week: list[str] | msgspec.UnsetType = msgspec.UNSET
    days_of_month: list[int] | msgspec.UnsetType = msgspec.UNSET
    months: list[str] | msgspec.UnsetType = msgspec.UNSET


class CreateScheduleRequest(Body, rename="kebab"):
    """Body of ``schedules.create``."""

    name: str
    timetable: TimetableInput
    attribution_actor: str
    parameters: dict[str, str | int | bool]
    description: str | msgspec.UnsetType = msgspec.UNSET


class UpdateScheduleRequest(Body, rename="kebab"):
    """Body of ``schedules.update``: only the fields given are changed."""

    description: str | msgspec.UnsetType = msgspec.UNSET
    name: str | msgspec.UnsetType = msgspec.UNSET
    timetable: TimetableInput | msgspec.UnsetType = msgspec.UNSET
    attribution_actor: str | msgspec.UnsetType = msgspec.UNSET
    parameters: dict[str, str | int | bool] | msgspec.UnsetType = msgspec.UNSET
