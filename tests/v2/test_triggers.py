"""cci.triggers against the fake server: stateful CRUD, bodies, errors, bad input."""

from __future__ import annotations

from typing import Any

import pytest

from circleci_async import BadRequest, CircleCI, NotFound
from circleci_async.models.v2.triggers import EventPreset, EventSourceInput, RepoInput, Trigger
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

CREATE = r"/api/v2/projects/[^/]+/pipeline-definitions/[^/]+/triggers"
ONE = r"/api/v2/projects/[^/]+/triggers/[^/]+"
UNKNOWN = "5034460f-c7c4-4c43-9457-de07e2029e7b"


async def ids(cci: CircleCI, fake: FakeCircleCI) -> tuple[str, str]:
    """The project id and its seeded pipeline definition's id."""
    project_id = fake.data.projects["gh/acme/api"].id
    (definition,) = await cci.pipeline_definitions.list(project_id)
    assert definition.id is not None
    return project_id, definition.id


async def webhook_trigger(cci: CircleCI, fake: FakeCircleCI) -> tuple[str, Trigger]:
    project_id, definition_id = await ids(cci, fake)
    trigger = await cci.triggers.create(
        project_id,
        definition_id,
        event_source={"provider": "webhook", "webhook": {"sender": "datadog"}},
        event_name="deploy-requested",
        checkout_ref="main",
        config_ref="main",
    )
    return project_id, trigger


async def test_list_returns_the_seeded_trigger(cci: CircleCI, fake: FakeCircleCI) -> None:
    (trigger,) = await cci.triggers.list(*await ids(cci, fake))
    assert trigger.event_preset == EventPreset.ALL_PUSHES
    assert trigger.disabled is False
    assert trigger.event_source is not None and trigger.event_source.repo is not None
    assert trigger.event_source.provider == "github_app"
    assert trigger.event_source.repo.full_name == "acme/api"


async def test_create_github_app_trigger(cci: CircleCI, fake: FakeCircleCI) -> None:
    project_id, definition_id = await ids(cci, fake)
    created = await cci.triggers.create(
        project_id,
        definition_id,
        event_source=EventSourceInput(provider="github_app", repo=RepoInput(external_id="77")),
        event_preset=EventPreset.ONLY_OPEN_PRS,
        disabled=True,
    )
    assert fake.requests_to(CREATE)[-1].json() == {
        "event_source": {"provider": "github_app", "repo": {"external_id": "77"}},
        "event_preset": "only-open-prs",
        "disabled": True,
    }
    assert created.event_preset == "only-open-prs" and created.disabled is True
    assert created.id is not None
    assert await cci.triggers.get(project_id, created.id) == created
    assert len(await cci.triggers.list(project_id, definition_id)) == 2


async def test_create_webhook_trigger_hides_the_secret_in_repr(
    cci: CircleCI, fake: FakeCircleCI
) -> None:
    _, trigger = await webhook_trigger(cci, fake)
    assert fake.requests_to(CREATE)[-1].json() == {
        "event_source": {"provider": "webhook", "webhook": {"sender": "datadog"}},
        "event_name": "deploy-requested",
        "checkout_ref": "main",
        "config_ref": "main",
    }
    assert trigger.event_source is not None and trigger.event_source.webhook is not None
    webhook = trigger.event_source.webhook
    assert webhook.sender == "datadog"
    assert webhook.url is not None and "?secret=" in webhook.url
    secret = webhook.url.split("secret=")[1]
    assert secret not in repr(trigger)
    assert "/private/soc/e/" in repr(trigger)


async def test_update_sends_only_the_given_fields(cci: CircleCI, fake: FakeCircleCI) -> None:
    project_id, trigger = await webhook_trigger(cci, fake)
    assert trigger.id is not None
    updated = await cci.triggers.update(
        project_id,
        trigger.id,
        event_name="rollback-requested",
        disabled=True,
        event_source={"webhook": {"sender": "pagerduty"}},
    )
    sent = fake.requests_to(ONE)[-1]
    assert sent.method == "PATCH"
    assert sent.json() == {
        "event_name": "rollback-requested",
        "disabled": True,
        "event_source": {"webhook": {"sender": "pagerduty"}},
    }
    assert updated.event_name == "rollback-requested" and updated.disabled is True
    assert updated.checkout_ref == "main"
    assert updated.event_source is not None and updated.event_source.webhook is not None
    assert updated.event_source.webhook.sender == "pagerduty"
    assert await cci.triggers.get(project_id, trigger.id) == updated


async def test_update_rejected_by_the_server_raises_with_its_message(
    cci: CircleCI, fake: FakeCircleCI
) -> None:
    project_id, definition_id = await ids(cci, fake)
    (trigger,) = await cci.triggers.list(project_id, definition_id)
    assert trigger.id is not None
    with pytest.raises(BadRequest, match="only be set on webhook triggers"):
        await cci.triggers.update(project_id, trigger.id, event_name="nope")
    changed = await cci.triggers.update(project_id, trigger.id, event_preset="only-tags")
    assert changed.event_preset == EventPreset.ONLY_TAGS


async def test_delete(cci: CircleCI, fake: FakeCircleCI) -> None:
    project_id, trigger = await webhook_trigger(cci, fake)
    assert trigger.id is not None
    deleted = await cci.triggers.delete(project_id, trigger.id)
    assert deleted.message
    with pytest.raises(NotFound) as info:
        await cci.triggers.get(project_id, trigger.id)
    assert info.value.message == "Trigger not found."


async def test_unknown_ids_are_not_found(cci: CircleCI, fake: FakeCircleCI) -> None:
    project_id, _ = await ids(cci, fake)
    with pytest.raises(NotFound) as info:
        await cci.triggers.list(project_id, UNKNOWN)
    assert info.value.message == "Pipeline definition not found."
    with pytest.raises(NotFound) as info:
        await cci.triggers.delete(UNKNOWN, UNKNOWN)
    assert info.value.message == "Project does not exist."


GITHUB: dict[str, Any] = {"provider": "github_app", "repo": {"external_id": "1"}}


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [
        (lambda c: c.triggers.list("p", ""), ValueError, "pipeline_definition_id"),
        (lambda c: c.triggers.get("", "t"), ValueError, "project_id"),
        (lambda c: c.triggers.delete("p", None), TypeError, "trigger_id"),
        (
            lambda c: c.triggers.create("p", "d", event_source="github_app"),
            TypeError,
            "event_source",
        ),
        (lambda c: c.triggers.create("p", "d", event_source={}), ValueError, "provider"),
        (
            lambda c: c.triggers.create("p", "d", event_source=GITHUB, disabled="maybe"),
            TypeError,
            "disabled",
        ),
        (
            lambda c: c.triggers.create("p", "d", event_source=GITHUB, event_preset=3),
            TypeError,
            "event_preset",
        ),
        (
            lambda c: c.triggers.update("p", "t", event_source={"webhook": {"sender": 1}}),
            TypeError,
            r"event_source\.webhook\.sender",
        ),
    ],
)
async def test_bad_input_fails_before_any_request(
    cci: CircleCI, fake: FakeCircleCI, call: Any, error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await call(cci)
    assert fake.requests == []
