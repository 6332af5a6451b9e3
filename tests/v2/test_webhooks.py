"""cci.webhooks against the fake server: stateful CRUD, kebab-case bodies, paging, secrets."""

from __future__ import annotations

from typing import Any

import pytest

from circleci_async import BadRequest, CircleCI, NotFound
from circleci_async.models.v2.webhooks import (
    CreateWebhookRequest,
    UpdateWebhookRequest,
    Webhook,
    WebhookEvent,
    WebhookScopeInput,
)
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

UNKNOWN = "5034460f-c7c4-4c43-9457-de07e2029e7b"
SECRET = "whsec-0123456789"


def project_id(fake: FakeCircleCI, slug: str = "gh/acme/api") -> str:
    return fake.data.projects[slug].id


async def create(cci: CircleCI, fake: FakeCircleCI, name: str = "notify") -> Webhook:
    return await cci.webhooks.create(
        name=name,
        url="https://hooks.example.com/circleci",
        events=[WebhookEvent.WORKFLOW_COMPLETED, WebhookEvent.JOB_COMPLETED],
        scope={"id": project_id(fake), "type": "project"},
        signing_secret=SECRET,
    )


async def test_create_get_and_list(cci: CircleCI, fake: FakeCircleCI) -> None:
    created = await create(cci, fake)
    sent = fake.requests[-1]
    assert (sent.method, sent.path) == ("POST", "/api/v2/webhook")
    assert sent.json() == {
        "name": "notify",
        "events": ["workflow-completed", "job-completed"],
        "url": "https://hooks.example.com/circleci",
        "verify-tls": True,
        "signing-secret": SECRET,
        "scope": {"id": project_id(fake), "type": "project"},
    }
    assert created.scope.id == project_id(fake) and created.scope.type == "project"
    assert created.events == ["workflow-completed", "job-completed"]
    assert created.verify_tls is True
    assert created.signing_secret == "xxxx6789"
    assert created.created_at is not None
    assert await cci.webhooks.get(created.id) == created
    assert await cci.webhooks.list(scope_id=project_id(fake)) == [created]
    assert fake.requests[-1].query == f"scope-id={project_id(fake)}&scope-type=project"
    assert await cci.webhooks.list(scope_id=project_id(fake, "gh/acme/web")) == []


async def test_scope_type_may_be_left_out_and_structs_work(
    cci: CircleCI, fake: FakeCircleCI
) -> None:
    await cci.webhooks.create(
        name="a",
        url="https://h.example/a",
        events=["job-completed"],
        scope={"id": project_id(fake)},
        signing_secret="x",
        verify_tls=False,
    )
    assert fake.requests[-1].json()["scope"] == {"id": project_id(fake), "type": "project"}
    assert fake.requests[-1].json()["verify-tls"] is False
    await cci.webhooks.create(
        name="b",
        url="https://h.example/b",
        events=["job-completed"],
        scope=WebhookScopeInput(id=project_id(fake), type="project"),
        signing_secret="x",
    )
    assert fake.requests[-1].json()["scope"] == {"id": project_id(fake), "type": "project"}


async def test_update_sends_only_the_given_fields(cci: CircleCI, fake: FakeCircleCI) -> None:
    created = await create(cci, fake)
    updated = await cci.webhooks.update(
        created.id, name="renamed", events=["job-completed"], verify_tls=False
    )
    sent = fake.requests[-1]
    assert (sent.method, sent.path) == ("PUT", f"/api/v2/webhook/{created.id}")
    assert sent.json() == {"name": "renamed", "events": ["job-completed"], "verify-tls": False}
    assert updated.name == "renamed" and updated.events == ["job-completed"]
    assert updated.verify_tls is False and updated.url == created.url
    assert await cci.webhooks.get(created.id) == updated
    rotated = await cci.webhooks.update(created.id, signing_secret="new-secret-abcd")
    assert fake.requests[-1].json() == {"signing-secret": "new-secret-abcd"}
    assert rotated.signing_secret == "xxxxabcd"


async def test_delete_and_unknown_ids(cci: CircleCI, fake: FakeCircleCI) -> None:
    created = await create(cci, fake)
    assert (await cci.webhooks.delete(created.id)).message == "Webhook deleted."
    with pytest.raises(NotFound, match="Webhook not found"):
        await cci.webhooks.get(created.id)
    with pytest.raises(NotFound):
        await cci.webhooks.update(created.id, name="x")
    with pytest.raises(NotFound):
        await cci.webhooks.delete(created.id)
    with pytest.raises(NotFound, match="Project does not exist"):
        await cci.webhooks.list(scope_id=UNKNOWN).collect()


async def test_server_validates_the_body(cci: CircleCI, fake: FakeCircleCI) -> None:
    with pytest.raises(BadRequest, match="not one of"):
        await cci.webhooks.create(
            name="n",
            url="https://h.example",
            events=["build-completed"],
            scope={"id": project_id(fake)},
            signing_secret="s",
        )
    with pytest.raises(NotFound, match="Project does not exist"):
        await cci.webhooks.create(
            name="n",
            url="https://h.example",
            events=["job-completed"],
            scope={"id": UNKNOWN},
            signing_secret="s",
        )
    with pytest.raises(BadRequest, match=r"scope\.id must be a UUID"):
        await cci.webhooks.create(
            name="n",
            url="https://h.example",
            events=["job-completed"],
            scope={"id": "not-a-uuid"},
            signing_secret="s",
        )


async def test_list_pages(cci: CircleCI, fake: FakeCircleCI) -> None:
    fake.page_size = 2
    for i in range(5):
        await create(cci, fake, name=f"hook-{i}")
    pager = cci.webhooks.list(scope_id=project_id(fake))
    assert [len(p) async for p in pager.pages()] == [2, 2, 1]
    assert [h.name for h in await pager.collect()] == [f"hook-{i}" for i in range(5)]
    gets = [r for r in fake.requests_to("/api/v2/webhook") if r.method == "GET"]
    assert sum("page-token=" in r.query for r in gets) == 4


def test_reprs_hide_the_signing_secret() -> None:
    hook = Webhook(id="w", name="n", signing_secret="topsecret")
    create_body = CreateWebhookRequest(
        name="n",
        events=["job-completed"],
        url="https://h.example",
        verify_tls=True,
        signing_secret="topsecret",
        scope=WebhookScopeInput(id="p", type="project"),
    )
    update_body = UpdateWebhookRequest(signing_secret="topsecret")
    for obj in (hook, create_body, update_body):
        assert "topsecret" not in repr(obj)
        assert "<hidden>" in repr(obj)
    assert "<unset>" in repr(UpdateWebhookRequest(name="x"))


GOOD: dict[str, Any] = {
    "name": "n",
    "url": "https://h.example/x",
    "events": ["job-completed"],
    "scope": {"id": UNKNOWN},
    "signing_secret": "s",
}


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [
        (lambda c: c.webhooks.list(scope_id=""), ValueError, "scope_id"),
        (lambda c: c.webhooks.list(scope_id=UNKNOWN, scope_type="org"), ValueError, "scope_type"),
        (lambda c: c.webhooks.get(""), ValueError, "webhook_id"),
        (lambda c: c.webhooks.delete(None), TypeError, "webhook_id"),
        (lambda c: c.webhooks.create(**{**GOOD, "url": "http://h.example"}), ValueError, "https"),
        (lambda c: c.webhooks.create(**{**GOOD, "url": "hooks"}), ValueError, "url"),
        (lambda c: c.webhooks.create(**{**GOOD, "events": "job-completed"}), TypeError, "events"),
        (lambda c: c.webhooks.create(**{**GOOD, "events": []}), ValueError, "events"),
        (lambda c: c.webhooks.create(**{**GOOD, "events": [1]}), TypeError, "events"),
        (lambda c: c.webhooks.create(**{**GOOD, "scope": {}}), ValueError, "id"),
        (lambda c: c.webhooks.create(**{**GOOD, "verify_tls": "yes"}), TypeError, "verify-tls"),
        (lambda c: c.webhooks.create(**{**GOOD, "signing_secret": 5}), TypeError, "signing-secret"),
        (lambda c: c.webhooks.update(UNKNOWN), ValueError, "at least one field"),
        (lambda c: c.webhooks.update(UNKNOWN, url="ftp://x"), ValueError, "url"),
    ],
)
async def test_bad_input_fails_before_any_request(
    cci: CircleCI, fake: FakeCircleCI, call: Any, error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await call(cci)
    assert fake.requests == []
