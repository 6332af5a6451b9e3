"""cci.deploys against the fake server: paged environments, components and versions."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import pytest

from circleci_async import CircleCI, NotFound
from circleci_async.resources.v2.deploys import DEFAULT_PAGE_SIZE
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

UNKNOWN = "5034460f-c7c4-4c43-9457-de07e2029e7b"


def queries(fake: FakeCircleCI, path: str) -> list[dict[str, list[str]]]:
    return [parse_qs(r.query) for r in fake.requests_to(path)]


async def test_environments_page_by_page_size(cci: CircleCI, fake: FakeCircleCI) -> None:
    org = fake.data.org_id
    pager = cci.deploys.list_environments(org_id=org, page_size=10)
    assert [len(page) async for page in pager.pages()] == [10, 10, 5]
    sent = queries(fake, "/api/v2/deploy/environments")
    assert all(q["org-id"] == [org] and q["page-size"] == ["10"] for q in sent)
    assert "page-token" not in sent[0] and sent[1]["page-token"] != sent[2]["page-token"]
    names = [e.name for e in await pager]
    assert names[:4] == ["production", "staging", "qa", "development"]
    assert len(set(names)) == 25


async def test_the_required_page_size_is_always_sent(cci: CircleCI, fake: FakeCircleCI) -> None:
    environments = await cci.deploys.list_environments(org_id=fake.data.org_id)
    assert len(environments) == 25
    (sent,) = queries(fake, "/api/v2/deploy/environments")
    assert sent["page-size"] == [str(DEFAULT_PAGE_SIZE)]


async def test_get_environment(cci: CircleCI, fake: FakeCircleCI) -> None:
    first = await cci.deploys.list_environments(org_id=fake.data.org_id).first()
    assert first is not None and first.id is not None
    environment = await cci.deploys.get_environment(first.id)
    assert environment == first
    assert environment.labels is not None and environment.labels[0].key == "tier"
    assert environment.created_at is not None and environment.updated_at is not None
    with pytest.raises(NotFound) as info:
        await cci.deploys.get_environment(UNKNOWN)
    assert info.value.message == "Environment not found."


async def test_components_page_and_filter_by_project(cci: CircleCI, fake: FakeCircleCI) -> None:
    org = fake.data.org_id
    pager = cci.deploys.list_components(org_id=org, page_size=2)
    assert [len(page) async for page in pager.pages()] == [2, 2, 2, 2, 1]
    project_id = fake.data.projects["gh/acme/web"].id
    mine = await cci.deploys.list_components(org_id=org, project_id=project_id)
    assert [c.name for c in mine] == ["web-service", "web-worker", "web-migrations"]
    assert all(c.project_id == project_id and c.release_count == 12 for c in mine)
    assert queries(fake, "/api/v2/deploy/components")[-1]["project-id"] == [project_id]


async def test_get_component(cci: CircleCI, fake: FakeCircleCI) -> None:
    first = await cci.deploys.list_components(org_id=fake.data.org_id).first()
    assert first is not None and first.id is not None
    assert await cci.deploys.get_component(first.id) == first
    with pytest.raises(NotFound) as info:
        await cci.deploys.get_component(UNKNOWN)
    assert info.value.message == "Component not found."


async def test_component_versions_page_and_filter(cci: CircleCI, fake: FakeCircleCI) -> None:
    fake.page_size = 5
    component = await cci.deploys.list_components(org_id=fake.data.org_id).first()
    assert component is not None and component.id is not None
    pager = cci.deploys.list_component_versions(component.id)
    assert [len(page) async for page in pager.pages()] == [5, 5, 5, 5, 4]
    versions = await pager
    assert len({(v.name, v.environment_id) for v in versions}) == 24
    assert sum(v.is_live is True for v in versions) == 2
    # every deployment points at a real job of the project's pipelines
    for version in versions:
        assert version.job_id is not None and version.pipeline_id is not None
        job = fake.data.jobs[version.job_id]
        assert job.pipeline_id == version.pipeline_id and job.number == version.job_number
    production = await cci.deploys.list_environments(org_id=fake.data.org_id).first()
    assert production is not None and production.name == "production"
    only = await cci.deploys.list_component_versions(component.id, environment_id=production.id)
    assert len(only) == 12 and {v.environment_id for v in only} == {production.id}


async def test_unknown_organization_or_component_is_not_found(cci: CircleCI) -> None:
    with pytest.raises(NotFound) as info:
        await cci.deploys.list_environments(org_id=UNKNOWN).collect()
    assert info.value.message == "Organization does not exist."
    with pytest.raises(NotFound):
        await cci.deploys.list_components(org_id=UNKNOWN).collect()
    with pytest.raises(NotFound):
        await cci.deploys.list_component_versions(UNKNOWN).collect()


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [
        (lambda c: c.deploys.list_environments(org_id=""), ValueError, "org_id"),
        (lambda c: c.deploys.list_environments(org_id="o", page_size=0), ValueError, "page_size"),
        (lambda c: c.deploys.list_environments(org_id="o", page_size=True), TypeError, "page_size"),
        (lambda c: c.deploys.list_components(org_id=None), TypeError, "org_id"),
        (lambda c: c.deploys.list_components(org_id="o", project_id=""), ValueError, "project_id"),
        (lambda c: c.deploys.list_component_versions(""), ValueError, "component_id"),
        (
            lambda c: c.deploys.list_component_versions("c", environment_id=" "),
            ValueError,
            "environment_id",
        ),
        (lambda c: c.deploys.get_environment(""), ValueError, "environment_id"),
        (lambda c: c.deploys.get_component([]), TypeError, "component_id"),
    ],
)
async def test_bad_input_fails_before_any_request(
    cci: CircleCI, fake: FakeCircleCI, call: Any, error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await call(cci)
    assert fake.requests == []
