"""cci.schedules against the fake server: stateful CRUD, kebab-case bodies, paging, errors."""

from __future__ import annotations

from typing import Any

import pytest

from circleci_async import BadRequest, CircleCI, Conflict, NotFound
from circleci_async.models.v2.schedules import (
    AttributionActor,
    Month,
    Schedule,
    TimetableInput,
    Weekday,
)
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

SLUG = "gh/acme/api"
UNKNOWN = "5034460f-c7c4-4c43-9457-de07e2029e7b"
WEEKLY: dict[str, Any] = {"per_hour": 1, "hours_of_day": [3], "days_of_week": ["MON"]}


async def nightly(cci: CircleCI) -> Schedule:
    return await cci.schedules.create(
        SLUG,
        name="release-check",
        description="Checks the release branch",
        timetable=TimetableInput(
            per_hour=2, hours_of_day=[1, 13], days_of_week=[Weekday.MON, Weekday.FRI]
        ),
        attribution_actor=AttributionActor.SYSTEM,
        parameters={"branch": "release", "deploy": False, "shards": 4},
    )


async def test_list_returns_the_seeded_schedule(cci: CircleCI, fake: FakeCircleCI) -> None:
    (schedule,) = await cci.schedules.list(SLUG)
    assert fake.requests[-1].path == "/api/v2/project/gh%2Facme%2Fapi/schedule"
    assert schedule.name == "nightly" and schedule.project_slug == SLUG
    assert schedule.timetable.per_hour == 1
    assert schedule.timetable.hours_of_day == [2]
    assert schedule.timetable.days_of_week == ["MON", "WED"]
    assert schedule.timetable.months == []
    assert schedule.actor.login == "octocat"
    assert schedule.parameters == {"branch": "main"}
    assert schedule.created_at is not None and schedule.updated_at is not None


async def test_create_sends_kebab_case(cci: CircleCI, fake: FakeCircleCI) -> None:
    created = await nightly(cci)
    sent = fake.requests[-1]
    assert sent.method == "POST"
    assert sent.json() == {
        "name": "release-check",
        "timetable": {"per-hour": 2, "hours-of-day": [1, 13], "days-of-week": ["MON", "FRI"]},
        "attribution-actor": "system",
        "parameters": {"branch": "release", "deploy": False, "shards": 4},
        "description": "Checks the release branch",
    }
    assert created.actor.login == "system-actor"
    assert created.parameters == {"branch": "release", "deploy": False, "shards": 4}
    assert created.timetable.days_of_week == [Weekday.MON, Weekday.FRI]
    assert await cci.schedules.get(created.id) == created
    assert len(await cci.schedules.list(SLUG)) == 2


async def test_create_with_a_dict_timetable_in_either_naming(
    cci: CircleCI, fake: FakeCircleCI
) -> None:
    await cci.schedules.create(
        SLUG,
        name="monthly",
        timetable={"per-hour": 1, "hours_of_day": [0], "days-of-month": [1, 15], "months": ["JAN"]},
    )
    sent = fake.requests[-1].json()
    assert sent["timetable"] == {
        "per-hour": 1,
        "hours-of-day": [0],
        "days-of-month": [1, 15],
        "months": ["JAN"],
    }
    assert sent["attribution-actor"] == "current" and sent["parameters"] == {}
    assert "description" not in sent


async def test_update_sends_only_the_given_fields(cci: CircleCI, fake: FakeCircleCI) -> None:
    created = await nightly(cci)
    updated = await cci.schedules.update(
        created.id,
        name="weekend",
        timetable=TimetableInput(days_of_week=[Weekday.SAT], months=[Month.DEC]),
        attribution_actor="current",
    )
    sent = fake.requests[-1]
    assert (sent.method, sent.path) == ("PATCH", f"/api/v2/schedule/{created.id}")
    assert sent.json() == {
        "name": "weekend",
        "timetable": {"days-of-week": ["SAT"], "months": ["DEC"]},
        "attribution-actor": "current",
    }
    assert updated.name == "weekend"
    assert updated.timetable.per_hour == 2 and updated.timetable.hours_of_day == [1, 13]
    assert updated.timetable.days_of_week == ["SAT"] and updated.timetable.months == ["DEC"]
    assert updated.actor.login == "octocat"
    assert updated.description == "Checks the release branch"
    assert updated.updated_at is not None and created.updated_at is not None
    assert updated.updated_at > created.updated_at
    assert await cci.schedules.get(created.id) == updated


async def test_delete(cci: CircleCI) -> None:
    created = await nightly(cci)
    assert (await cci.schedules.delete(created.id)).message == "Schedule deleted."
    with pytest.raises(NotFound, match="Schedule not found"):
        await cci.schedules.get(created.id)
    with pytest.raises(NotFound):
        await cci.schedules.delete(created.id)


async def test_unknown_ids_are_not_found(cci: CircleCI) -> None:
    with pytest.raises(NotFound, match="Schedule not found"):
        await cci.schedules.update(UNKNOWN, name="x")
    with pytest.raises(NotFound, match="Project not found"):
        await cci.schedules.list("gh/acme/nope").collect()


async def test_server_rules(cci: CircleCI) -> None:
    with pytest.raises(Conflict, match="already exists"):
        await cci.schedules.create(SLUG, name="nightly", timetable=WEEKLY)
    created = await nightly(cci)
    with pytest.raises(BadRequest, match="name must be a non-empty string"):
        await cci.schedules.update(created.id, name=" ")


async def test_list_pages(cci: CircleCI, fake: FakeCircleCI) -> None:
    fake.page_size = 2
    for i in range(4):
        await cci.schedules.create(SLUG, name=f"s{i}", timetable=WEEKLY)
    pages = [page async for page in cci.schedules.list(SLUG).pages()]
    assert [len(p) for p in pages] == [2, 2, 1]
    gets = [r for r in fake.requests_to(r"/api/v2/project/[^/]+/schedule") if r.method == "GET"]
    assert ["page-token=" in r.query for r in gets] == [False, True, True]
    assert [s.name for p in pages for s in p] == ["nightly", "s0", "s1", "s2", "s3"]


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [
        (lambda c: c.schedules.list("acme/api"), ValueError, "project_slug"),
        (lambda c: c.schedules.get(""), ValueError, "schedule_id"),
        (lambda c: c.schedules.delete(None), TypeError, "schedule_id"),
        (
            lambda c: c.schedules.create(SLUG, name="x", timetable={"per_hour": 1}),
            ValueError,
            "hours_of_day",
        ),
        (
            lambda c: c.schedules.create(
                SLUG, name="x", timetable={"per_hour": 1, "hours_of_day": [1]}
            ),
            ValueError,
            "days_of_week or days_of_month",
        ),
        (
            lambda c: c.schedules.create(
                SLUG, name="x", timetable={**WEEKLY, "hours_of_day": [24]}
            ),
            ValueError,
            r"timetable\.hours_of_day",
        ),
        (
            lambda c: c.schedules.create(
                SLUG, name="x", timetable={**WEEKLY, "days_of_week": ["MONDAY"]}
            ),
            ValueError,
            r"timetable\.days_of_week",
        ),
        (
            lambda c: c.schedules.create(SLUG, name="x", timetable={**WEEKLY, "per_hour": "1x"}),
            TypeError,
            "per-hour",
        ),
        (
            lambda c: c.schedules.create(SLUG, name="x", timetable={**WEEKLY, "every": 2}),
            ValueError,
            "every",
        ),
        (lambda c: c.schedules.create(SLUG, name="x", timetable="daily"), TypeError, "timetable"),
        (
            lambda c: c.schedules.create(SLUG, name="x", timetable=WEEKLY, attribution_actor="me"),
            ValueError,
            "attribution_actor",
        ),
        (
            lambda c: c.schedules.update(UNKNOWN, attribution_actor=["system"]),
            ValueError,
            "attribution_actor",
        ),
        (
            lambda c: c.schedules.create(SLUG, name="x", timetable=WEEKLY, parameters={"a": [1]}),
            TypeError,
            "parameters",
        ),
        (lambda c: c.schedules.create(SLUG, name=5, timetable=WEEKLY), TypeError, "name"),
        (lambda c: c.schedules.update(UNKNOWN), ValueError, "at least one field"),
        (
            lambda c: c.schedules.update(UNKNOWN, timetable={"months": ["SEPT"]}),
            ValueError,
            r"timetable\.months",
        ),
    ],
)
async def test_bad_input_fails_before_any_request(
    cci: CircleCI, fake: FakeCircleCI, call: Any, error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await call(cci)
    assert fake.requests == []
