"""cci.rollbacks against the fake server: the rollback pipeline, conflicts, bad input."""

from __future__ import annotations

from typing import Any

import pytest

from circleci_async import CircleCI, Conflict, NotFound
from circleci_async.models.v2.deploys import Component, Environment
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

ROLLBACK = r"/api/v2/projects/[^/]+/rollback"


async def production_service(
    cci: CircleCI, fake: FakeCircleCI
) -> tuple[str, Component, Environment]:
    project_id = fake.data.projects["gh/acme/api"].id
    components = await cci.deploys.list_components(org_id=fake.data.org_id, project_id=project_id)
    component = next(c for c in components if c.name == "api-service")
    environments = await cci.deploys.list_environments(org_id=fake.data.org_id)
    production = next(e for e in environments if e.name == "production")
    return project_id, component, production


async def test_rollback_starts_a_pipeline_and_makes_the_target_live(
    cci: CircleCI, fake: FakeCircleCI
) -> None:
    project_id, component, production = await production_service(cci, fake)
    assert component.id is not None and production.id is not None
    versions = cci.deploys.list_component_versions(component.id, environment_id=production.id)
    live = [v.name for v in await versions if v.is_live]
    assert live == ["1.2.3"]

    result = await cci.rollbacks.rollback(
        project_id,
        component_name="api-service",
        current_version="1.2.3",
        environment_name="production",
        target_version="1.2.1",
        namespace="default",
        parameters={"notify": True},
        reason="Error rate doubled",
    )
    assert fake.requests_to(ROLLBACK)[-1].json() == {
        "component_name": "api-service",
        "current_version": "1.2.3",
        "environment_name": "production",
        "target_version": "1.2.1",
        "namespace": "default",
        "parameters": {"notify": True},
        "reason": "Error rate doubled",
    }
    assert result.rollback_type == "PIPELINE"
    assert result.id is not None
    pipeline = fake.data.pipelines[result.id]
    assert pipeline.parameters == {"notify": True}
    assert pipeline.project_slug == "gh/acme/api"

    newest = (await versions)[0]
    assert (newest.name, newest.is_live, newest.pipeline_id) == ("1.2.1", True, result.id)
    assert [v.name for v in await versions if v.is_live] == ["1.2.1"]


async def test_optional_fields_are_left_out(cci: CircleCI, fake: FakeCircleCI) -> None:
    project_id, _, _ = await production_service(cci, fake)
    await cci.rollbacks.rollback(
        project_id,
        component_name="api-service",
        current_version="1.2.3",
        environment_name="staging",
        target_version="1.0.0",
    )
    assert set(fake.requests_to(ROLLBACK)[-1].json()) == {
        "component_name",
        "current_version",
        "environment_name",
        "target_version",
    }


async def test_stale_current_version_is_a_conflict(cci: CircleCI, fake: FakeCircleCI) -> None:
    project_id, _, _ = await production_service(cci, fake)
    with pytest.raises(Conflict, match=r"1\.1\.0 is not the live version of api-service"):
        await cci.rollbacks.rollback(
            project_id,
            component_name="api-service",
            current_version="1.1.0",
            environment_name="production",
            target_version="1.0.0",
        )


async def test_unknown_component_is_not_found(cci: CircleCI, fake: FakeCircleCI) -> None:
    project_id, _, _ = await production_service(cci, fake)
    with pytest.raises(NotFound) as info:
        await cci.rollbacks.rollback(
            project_id,
            component_name="billing",
            current_version="1.0.1",
            environment_name="production",
            target_version="1.0.0",
        )
    assert info.value.message == "Component billing not found."


REQUIRED: dict[str, Any] = {
    "component_name": "c",
    "current_version": "2",
    "environment_name": "e",
    "target_version": "1",
}


@pytest.mark.parametrize(
    ("project_id", "extra", "error", "names"),
    [
        ("", {}, ValueError, "project_id"),
        ("p", {"target_version": 1}, TypeError, "target_version"),
        ("p", {"parameters": ["a"]}, TypeError, "parameters"),
        ("p", {"reason": {"text": "x"}}, TypeError, "reason"),
    ],
)
async def test_bad_input_fails_before_any_request(
    cci: CircleCI,
    fake: FakeCircleCI,
    project_id: str,
    extra: dict[str, Any],
    error: type[Exception],
    names: str,
) -> None:
    with pytest.raises(error, match=names):
        await cci.rollbacks.rollback(project_id, **{**REQUIRED, **extra})
    assert fake.requests == []
