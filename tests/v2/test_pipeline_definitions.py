"""cci.pipeline_definitions against the fake server: stateful CRUD, bodies, errors, bad input."""

from __future__ import annotations

from typing import Any

import pytest

from circleci_async import CircleCI, NotFound
from circleci_async.models.v2.pipeline_definitions import (
    CheckoutSourceInput,
    ConfigSourceInput,
    PipelineDefinition,
    RepoInput,
)
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

DEFINITIONS = r"/api/v2/projects/[^/]+/pipeline-definitions(/[^/]+)?"
UNKNOWN = "5034460f-c7c4-4c43-9457-de07e2029e7b"


def project_id(fake: FakeCircleCI, slug: str = "gh/acme/api") -> str:
    return fake.data.projects[slug].id


async def seeded(cci: CircleCI, fake: FakeCircleCI) -> PipelineDefinition:
    (definition,) = await cci.pipeline_definitions.list(project_id(fake))
    return definition


async def test_list_returns_the_seeded_definition(cci: CircleCI, fake: FakeCircleCI) -> None:
    definition = await seeded(cci, fake)
    assert definition.name == "build-and-test"
    assert definition.created_at is not None
    assert definition.config_source is not None and definition.checkout_source is not None
    assert definition.config_source.provider == "github_app"
    assert definition.config_source.file_path == ".circleci/config.yml"
    assert definition.config_source.repo is not None
    assert definition.config_source.repo.full_name == "acme/api"
    assert definition.checkout_source.repo == definition.config_source.repo


async def test_create_sends_the_spec_field_names(cci: CircleCI, fake: FakeCircleCI) -> None:
    pid = project_id(fake)
    external_id = (await seeded(cci, fake)).config_source.repo.external_id  # type: ignore[union-attr]
    assert external_id is not None
    created = await cci.pipeline_definitions.create(
        pid,
        name="deploy",
        description="Deploys main",
        config_source=ConfigSourceInput(
            provider="github_app",
            repo=RepoInput(external_id=external_id),
            file_path=".circleci/deploy.yml",
        ),
        checkout_source=CheckoutSourceInput(
            provider="github_app", repo=RepoInput(external_id=external_id)
        ),
    )
    assert fake.requests_to(DEFINITIONS)[-1].json() == {
        "name": "deploy",
        "description": "Deploys main",
        "config_source": {
            "provider": "github_app",
            "file_path": ".circleci/deploy.yml",
            "repo": {"external_id": external_id},
        },
        "checkout_source": {"provider": "github_app", "repo": {"external_id": external_id}},
    }
    assert created.name == "deploy" and created.description == "Deploys main"
    assert created.config_source is not None and created.config_source.repo is not None
    assert created.config_source.repo.full_name == "acme/api"
    assert created.id is not None
    assert await cci.pipeline_definitions.get(pid, created.id) == created
    assert [d.name for d in await cci.pipeline_definitions.list(pid)] == [
        "build-and-test",
        "deploy",
    ]


async def test_create_accepts_plain_dicts(cci: CircleCI, fake: FakeCircleCI) -> None:
    created = await cci.pipeline_definitions.create(
        project_id(fake),
        name="nightly",
        config_source={"provider": "circleci", "file_path": ".circleci/nightly.yml"},
        checkout_source={"provider": "github_app", "repo": {"external_id": "4242"}},
    )
    assert fake.requests_to(DEFINITIONS)[-1].json() == {
        "name": "nightly",
        "config_source": {"provider": "circleci", "file_path": ".circleci/nightly.yml"},
        "checkout_source": {"provider": "github_app", "repo": {"external_id": "4242"}},
    }
    assert created.config_source is not None
    assert created.config_source.provider == "circleci"
    assert created.config_source.repo is None


async def test_update_changes_only_the_given_fields(cci: CircleCI, fake: FakeCircleCI) -> None:
    pid = project_id(fake)
    before = await seeded(cci, fake)
    assert before.id is not None
    after = await cci.pipeline_definitions.update(
        pid,
        before.id,
        description="Now also lints",
        config_source={"file_path": ".circleci/ci.yml"},
    )
    sent = fake.requests_to(DEFINITIONS)[-1]
    assert sent.method == "PATCH"
    assert sent.json() == {
        "description": "Now also lints",
        "config_source": {"file_path": ".circleci/ci.yml"},
    }
    assert after.name == before.name
    assert after.description == "Now also lints"
    assert after.config_source is not None and before.config_source is not None
    assert after.config_source.file_path == ".circleci/ci.yml"
    assert after.config_source.repo == before.config_source.repo
    assert await cci.pipeline_definitions.get(pid, before.id) == after


async def test_delete_removes_the_definition_and_its_triggers(
    cci: CircleCI, fake: FakeCircleCI
) -> None:
    pid = project_id(fake)
    definition = await seeded(cci, fake)
    assert definition.id is not None
    assert len(await cci.triggers.list(pid, definition.id)) == 1
    deleted = await cci.pipeline_definitions.delete(pid, definition.id)
    assert deleted.message
    assert await cci.pipeline_definitions.list(pid) == []
    with pytest.raises(NotFound) as info:
        await cci.pipeline_definitions.get(pid, definition.id)
    assert info.value.message == "Pipeline definition not found."
    with pytest.raises(NotFound):
        await cci.triggers.list(pid, definition.id)


async def test_unknown_ids_are_not_found(cci: CircleCI, fake: FakeCircleCI) -> None:
    with pytest.raises(NotFound) as info:
        await cci.pipeline_definitions.list(UNKNOWN)
    assert info.value.message == "Project does not exist."
    with pytest.raises(NotFound) as info:
        await cci.pipeline_definitions.update(project_id(fake), UNKNOWN, name="x")
    assert info.value.message == "Pipeline definition not found."
    # another project's definition is not reachable through this project
    other = (await cci.pipeline_definitions.list(project_id(fake, "gh/acme/web")))[0]
    assert other.id is not None
    with pytest.raises(NotFound):
        await cci.pipeline_definitions.delete(project_id(fake), other.id)


GOOD_CONFIG: dict[str, Any] = {"provider": "circleci", "file_path": ".circleci/config.yml"}
GOOD_CHECKOUT: dict[str, Any] = {"provider": "github_app", "repo": {"external_id": "1"}}


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [
        (lambda c: c.pipeline_definitions.list(""), ValueError, "project_id"),
        (lambda c: c.pipeline_definitions.get("p", ""), ValueError, "pipeline_definition_id"),
        (lambda c: c.pipeline_definitions.delete(7.5, "d"), TypeError, "project_id"),
        (
            lambda c: c.pipeline_definitions.create(
                "p", name="n", config_source="yaml", checkout_source=GOOD_CHECKOUT
            ),
            TypeError,
            "config_source",
        ),
        (
            lambda c: c.pipeline_definitions.create(
                "p",
                name="n",
                config_source=GOOD_CONFIG,
                checkout_source={"provider": "github_app", "repo": {"external_id": 5}},
            ),
            TypeError,
            r"checkout_source\.repo\.external_id",
        ),
        (
            lambda c: c.pipeline_definitions.create(
                "p",
                name="n",
                config_source={"provider": "github_app"},
                checkout_source=GOOD_CHECKOUT,
            ),
            ValueError,
            "config_source.*file_path",
        ),
        (
            lambda c: c.pipeline_definitions.create(
                "p", name=1, config_source=GOOD_CONFIG, checkout_source=GOOD_CHECKOUT
            ),
            TypeError,
            "name",
        ),
        (
            lambda c: c.pipeline_definitions.update("p", "d", config_source={"file_path": 3}),
            TypeError,
            r"config_source\.file_path",
        ),
        (
            lambda c: c.pipeline_definitions.update("p", "d", checkout_source=["github_app"]),
            TypeError,
            "checkout_source",
        ),
    ],
)
async def test_bad_input_fails_before_any_request(
    cci: CircleCI, fake: FakeCircleCI, call: Any, error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await call(cci)
    assert fake.requests == []
