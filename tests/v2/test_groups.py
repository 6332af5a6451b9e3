"""cci.groups against the fake server: paging, create/get/delete, errors, bad input."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import pytest

from circleci_async import CircleCI, Conflict, NotFound
from circleci_async.models.v2.groups import Group, GroupDeleted
from circleci_async.testing import FakeCircleCI
from circleci_async.testing.routes.v2_groups import groups_state

pytestmark = pytest.mark.anyio

GROUPS = r"/api/v2/organizations/[^/]+/groups"
UNKNOWN_ORG = "00000000-0000-4000-8000-000000000000"


async def test_list_walks_every_page(cci: CircleCI, fake: FakeCircleCI) -> None:
    org = fake.data.org_id
    sizes = [len(page) async for page in cci.groups.list(org).pages()]
    assert sizes == [20, 20, 5]
    groups = await cci.groups.list(org)
    assert len(groups) == 45
    assert len({g.id for g in groups}) == 45
    assert all(isinstance(g, Group) and g.name and g.description for g in groups)
    requests = fake.requests_to(GROUPS)
    tokens = [parse_qs(r.query).get("page-token") for r in requests[:3]]
    assert tokens[0] is None and tokens[1] and tokens[2] and tokens[1] != tokens[2]


async def test_list_sends_limit_as_page_size(cci: CircleCI, fake: FakeCircleCI) -> None:
    sizes = [len(page) async for page in cci.groups.list(fake.data.org_id, limit=10).pages()]
    assert sizes == [10, 10, 10, 10, 5]
    assert all(parse_qs(r.query)["limit"] == ["10"] for r in fake.requests_to(GROUPS))


async def test_create_get_delete(cci: CircleCI, fake: FakeCircleCI) -> None:
    org = fake.data.org_id
    created = await cci.groups.create(org, name="Release Managers", description="Ship it.")
    assert created.name == "Release Managers" and created.description == "Ship it."
    sent = fake.requests_to(GROUPS)[-1]
    assert sent.method == "POST"
    assert sent.json() == {"name": "Release Managers", "description": "Ship it."}
    assert created.id is not None
    assert await cci.groups.get(org, created.id) == created
    assert created in await cci.groups.list(org)

    deleted = await cci.groups.delete(org, created.id)
    assert deleted == GroupDeleted(message="Group deleted.")
    with pytest.raises(NotFound) as info:
        await cci.groups.get(org, created.id)
    assert info.value.message == "Group does not exist."
    assert len(groups_state(fake).groups) == 45


async def test_create_leaves_out_description_when_not_given(
    cci: CircleCI, fake: FakeCircleCI
) -> None:
    created = await cci.groups.create(fake.data.org_id, name="Observers")
    assert fake.requests_to(GROUPS)[-1].json() == {"name": "Observers"}
    assert created.description is None


async def test_duplicate_name_is_a_conflict(cci: CircleCI, fake: FakeCircleCI) -> None:
    with pytest.raises(Conflict) as info:
        await cci.groups.create(fake.data.org_id, name="Platform Admins")
    assert info.value.message == "Failed to create group, group Platform Admins already exists."


async def test_unknown_group_and_org_are_not_found(cci: CircleCI, fake: FakeCircleCI) -> None:
    with pytest.raises(NotFound) as info:
        await cci.groups.get(fake.data.org_id, "5034460f-c7c4-4c43-9457-de07e2029e7b")
    assert info.value.message == "Group does not exist."
    with pytest.raises(NotFound) as info:
        await cci.groups.list(UNKNOWN_ORG).collect()
    assert info.value.message == "Organization does not exist."
    with pytest.raises(NotFound):
        await cci.groups.delete(UNKNOWN_ORG, "5034460f-c7c4-4c43-9457-de07e2029e7b")


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [
        (lambda c: c.groups.list(""), ValueError, "org_id"),
        (lambda c: c.groups.list(None), TypeError, "org_id"),
        (lambda c: c.groups.list("org", limit=0), ValueError, "limit"),
        (lambda c: c.groups.list("org", limit="10"), TypeError, "limit"),
        (lambda c: c.groups.get("org", " "), ValueError, "group_id"),
        (lambda c: c.groups.delete("", "g"), ValueError, "org_id"),
        (lambda c: c.groups.create("org", name=5), TypeError, "name"),
        (lambda c: c.groups.create("org", name="n", description=["d"]), TypeError, "description"),
        (lambda c: c.groups.create("org", name=None), ValueError, "name"),
    ],
)
async def test_bad_input_fails_before_any_request(
    cci: CircleCI, fake: FakeCircleCI, call: Any, error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await call(cci)
    assert fake.requests == []
