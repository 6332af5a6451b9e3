"""Conformance cases: Schedule."""

from __future__ import annotations

from circleci_async.models.v2.schedules import AttributionActor, TimetableInput, Weekday

SLUG = "gh/CircleCI-Public/api-preview-docs"
SCHEDULE_ID = "5034460f-c7c4-4c43-9457-de07e2029e7b"

CASES = {
    "listSchedulesForProject": lambda c: c.schedules.list(SLUG).collect(max_pages=1),
    "createSchedule": lambda c: c.schedules.create(
        SLUG,
        name="nightly",
        description="Nightly build of main",
        timetable={"per_hour": 1, "hours_of_day": [3], "days_of_week": ["MON", "THU"]},
        attribution_actor=AttributionActor.SYSTEM,
        parameters={"branch": "main", "deploy": False, "shards": 4},
    ),
    "getScheduleById": lambda c: c.schedules.get(SCHEDULE_ID),
    "updateSchedule": lambda c: c.schedules.update(
        SCHEDULE_ID,
        name="weekly",
        timetable=TimetableInput(days_of_week=[Weekday.SUN], months=["JAN", "JUL"]),
        parameters={"branch": "release"},
    ),
    "deleteScheduleById": lambda c: c.schedules.delete(SCHEDULE_ID),
}
