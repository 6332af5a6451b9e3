"""cci.contexts against the fake server: paging, CRUD, env vars, restrictions, bad input."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

import pytest

from circleci_async import BadRequest, CircleCI, Conflict, NotFound
from circleci_async.models._base import Message
from circleci_async.models.v2.contexts import (
    Context,
    ContextEnvVar,
    ContextOwner,
    ContextRestriction,
    RestrictionType,
)
from circleci_async.testing import FakeCircleCI
from circleci_async.testing.routes._v2admin import SEEDED_CONTEXTS, admin_state

pytestmark = pytest.mark.anyio

CONTEXTS = r"/api/v2/context"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


async def _first(cci: CircleCI, fake: FakeCircleCI) -> Context:
    ctx = await cci.contexts.list(owner_id=fake.data.org_id).first()
    assert ctx is not None
    return ctx


async def test_list_by_owner_id_walks_every_page(cci: CircleCI, fake: FakeCircleCI) -> None:
    pager = cci.contexts.list(owner_id=fake.data.org_id)
    sizes = [len(page) async for page in pager.pages()]
    assert sizes == [20, SEEDED_CONTEXTS - 20]
    contexts = await cci.contexts.list(owner_id=fake.data.org_id)
    assert len({c.id for c in contexts}) == SEEDED_CONTEXTS
    assert all(isinstance(c.created_at, datetime) and c.name for c in contexts)
    queries = [parse_qs(r.query) for r in fake.requests_to(CONTEXTS)]
    assert queries[0] == {"owner-id": [fake.data.org_id]}
    assert queries[1]["page-token"]


async def test_list_by_owner_slug_sends_owner_type(cci: CircleCI, fake: FakeCircleCI) -> None:
    by_slug = await cci.contexts.list(owner_slug="gh/acme", owner_type="organization")
    assert len(by_slug) == SEEDED_CONTEXTS
    query = parse_qs(fake.requests_to(CONTEXTS)[0].query)
    assert query == {"owner-slug": ["gh/acme"], "owner-type": ["organization"]}


async def test_create_get_delete(cci: CircleCI, fake: FakeCircleCI) -> None:
    org = fake.data.org_id
    created = await cci.contexts.create(name="deploy-prod", owner={"id": org})
    sent = fake.requests_to(CONTEXTS)[-1]
    assert sent.method == "POST"
    assert sent.json() == {"name": "deploy-prod", "owner": {"id": org}}
    assert created.name == "deploy-prod" and created.id
    assert await cci.contexts.get(created.id) == created
    assert created in await cci.contexts.list(owner_id=org)

    by_slug = await cci.contexts.create(
        name="deploy-staging", owner=ContextOwner(slug="gh/acme", type="organization")
    )
    assert fake.requests_to(CONTEXTS)[-1].json()["owner"] == {
        "slug": "gh/acme",
        "type": "organization",
    }

    assert await cci.contexts.delete(created.id) == Message(message="Context deleted.")
    with pytest.raises(NotFound) as info:
        await cci.contexts.get(created.id)
    assert info.value.message == "Context not found"
    assert len(admin_state(fake).contexts) == SEEDED_CONTEXTS + 1
    assert by_slug.id in {c.id for c in admin_state(fake).contexts}


async def test_duplicate_name_conflicts(cci: CircleCI, fake: FakeCircleCI) -> None:
    with pytest.raises(Conflict):
        await cci.contexts.create(name="context-00", owner={"id": fake.data.org_id})


async def test_env_vars_set_update_list_delete(cci: CircleCI, fake: FakeCircleCI) -> None:
    ctx = await cci.contexts.create(name="secrets", owner={"id": fake.data.org_id})
    assert ctx.id is not None
    var = await cci.contexts.set_env_var(ctx.id, "API_KEY", value="s3cret")
    assert isinstance(var, ContextEnvVar)
    assert var.variable == "API_KEY" and var.context_id == ctx.id
    put = fake.requests_to(r"/api/v2/context/[^/]+/environment-variable/API_KEY")[-1]
    assert put.method == "PUT" and put.json() == {"value": "s3cret"}

    again = await cci.contexts.set_env_var(ctx.id, "API_KEY", value="rotated")
    assert isinstance(again, ContextEnvVar)
    assert again.created_at == var.created_at
    assert again.updated_at is not None and var.updated_at is not None
    assert again.updated_at > var.updated_at
    stored = next(c for c in admin_state(fake).contexts if c.id == ctx.id)
    assert stored.env_vars["API_KEY"].value == "rotated"

    for i in range(22):
        await cci.contexts.set_env_var(ctx.id, f"VAR_{i}", value=str(i))
    names = [v.variable async for v in cci.contexts.env_vars(ctx.id)]
    assert len(names) == 23 and names[0] == "API_KEY"
    assert len(fake.requests_to(r"/api/v2/context/[^/]+/environment-variable")) == 2

    gone = await cci.contexts.delete_env_var(ctx.id, "API_KEY")
    assert gone == Message(message="Environment variable deleted.")
    with pytest.raises(NotFound):
        await cci.contexts.delete_env_var(ctx.id, "API_KEY")


async def test_set_env_var_message_answer_is_a_message(cci: CircleCI, fake: FakeCircleCI) -> None:
    ctx = await _first(cci, fake)
    assert ctx.id is not None
    fake.inject(
        "PUT",
        r"/api/v2/context/[^/]+/environment-variable/X",
        status=200,
        body={"message": "Environment variable updated."},
    )
    result = await cci.contexts.set_env_var(ctx.id, "X", value="1")
    assert result == Message(message="Environment variable updated.")


async def test_restrictions(cci: CircleCI, fake: FakeCircleCI) -> None:
    ctx = await _first(cci, fake)
    assert ctx.id is not None
    project = fake.data.projects["gh/acme/api"]
    by_project = await cci.contexts.create_restriction(
        ctx.id, restriction_type=RestrictionType.PROJECT, restriction_value=project.id
    )
    assert by_project == ContextRestriction(
        id=by_project.id,
        context_id=ctx.id,
        restriction_type="project",
        restriction_value=project.id,
        name="api",
        project_id=project.id,
    )
    expr = await cci.contexts.create_restriction(
        ctx.id, restriction_type="expression", restriction_value='pipeline.git.branch == "main"'
    )
    sent = fake.requests_to(r"/api/v2/context/[^/]+/restrictions")[-1]
    assert sent.json() == {
        "restriction_type": "expression",
        "restriction_value": 'pipeline.git.branch == "main"',
    }
    listed = await cci.contexts.restrictions(ctx.id)
    assert [r.id for r in listed] == [by_project.id, expr.id]

    with pytest.raises(Conflict):
        await cci.contexts.create_restriction(
            ctx.id, restriction_type="project", restriction_value=project.id
        )
    with pytest.raises(BadRequest) as info:
        await cci.contexts.create_restriction(
            ctx.id, restriction_type="project", restriction_value=UNKNOWN
        )
    assert "Project does not exist" in info.value.message

    assert expr.id is not None
    deleted = await cci.contexts.delete_restriction(ctx.id, expr.id)
    assert deleted == Message(message="Context restriction deleted.")
    assert [r.id for r in await cci.contexts.restrictions(ctx.id)] == [by_project.id]
    with pytest.raises(NotFound):
        await cci.contexts.delete_restriction(ctx.id, expr.id)


async def test_restrictions_are_paged(cci: CircleCI, fake: FakeCircleCI) -> None:
    ctx = await _first(cci, fake)
    assert ctx.id is not None
    for i in range(25):
        await cci.contexts.create_restriction(
            ctx.id, restriction_type="expression", restriction_value=f"pipeline.number > {i}"
        )
    sizes = [len(p) async for p in cci.contexts.restrictions(ctx.id).pages()]
    assert sizes == [20, 5]


async def test_unknown_ids_are_not_found(cci: CircleCI) -> None:
    for call in (
        cci.contexts.get(UNKNOWN),
        cci.contexts.delete(UNKNOWN),
        cci.contexts.env_vars(UNKNOWN).collect(),
        cci.contexts.set_env_var(UNKNOWN, "A", value="b"),
        cci.contexts.restrictions(UNKNOWN).collect(),
        cci.contexts.list(owner_id=UNKNOWN).collect(),
        cci.contexts.create(name="x", owner={"id": UNKNOWN}),
    ):
        with pytest.raises(NotFound):
            await call


async def _run(call: Any, cci: CircleCI) -> None:
    result = call(cci)
    await (result.collect() if hasattr(result, "collect") else result)


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [
        (lambda c: c.contexts.list(), ValueError, "owner_id and owner_slug"),
        (lambda c: c.contexts.list(owner_id="a", owner_slug="gh/a"), ValueError, "owner_id"),
        (lambda c: c.contexts.list(owner_slug="acme"), ValueError, "owner_slug"),
        (lambda c: c.contexts.list(owner_id=""), ValueError, "owner_id"),
        (lambda c: c.contexts.create(name="n", owner={}), ValueError, "owner"),
        (
            lambda c: c.contexts.create(name="n", owner={"id": "a", "slug": "gh/a"}),
            ValueError,
            "owner",
        ),
        (lambda c: c.contexts.create(name="n", owner={"slug": "a"}), ValueError, "owner.slug"),
        (lambda c: c.contexts.create(name=5, owner={"id": "a"}), TypeError, "name"),
        (lambda c: c.contexts.create(name=" ", owner={"id": "a"}), ValueError, "name"),
        (lambda c: c.contexts.get(""), ValueError, "context_id"),
        (lambda c: c.contexts.env_vars(None), TypeError, "context_id"),
        (lambda c: c.contexts.set_env_var("c", "", value="v"), ValueError, "env_var_name"),
        (lambda c: c.contexts.set_env_var("c", "N", value=5), TypeError, "value"),
        (lambda c: c.contexts.delete_env_var("c", " "), ValueError, "env_var_name"),
        (
            lambda c: c.contexts.create_restriction(
                "c", restriction_type="project", restriction_value=""
            ),
            ValueError,
            "restriction_value",
        ),
        (lambda c: c.contexts.delete_restriction("c", ""), ValueError, "restriction_id"),
    ],
)
async def test_bad_input_fails_before_any_request(
    cci: CircleCI, fake: FakeCircleCI, call: Any, error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await _run(call, cci)
    assert fake.requests == []
