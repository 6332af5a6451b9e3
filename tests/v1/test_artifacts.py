"""cci.v1.artifacts against the fake server: a build's artifacts, the latest build's."""

from __future__ import annotations

import pytest

from circleci_async import CircleCI, NotFound
from circleci_async.models.v1.artifacts import Artifact
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

SLUG = "gh/acme/api"
LATEST = r"/api/v1\.1/project/gh/acme/api/latest/artifacts"


async def test_list(cci: CircleCI, fake: FakeCircleCI) -> None:
    job = fake.data.job_numbers[SLUG, 2]
    artifacts = await cci.v1.artifacts.list(SLUG, 2)
    assert all(isinstance(a, Artifact) for a in artifacts)
    assert [(a.path, a.pretty_path, a.node_index) for a in artifacts] == [
        (a.path, a.path, a.node_index) for a in job.artifacts
    ]
    assert {a.node_index for a in artifacts} == {0, 1}  # the parallel test job
    assert all(a.url.startswith(fake.artifacts_url + "/output/job/") for a in artifacts)


async def test_list_of_a_build_without_artifacts_is_empty(cci: CircleCI) -> None:
    retried = await cci.v1.builds.retry(SLUG, 1)
    assert retried.build_num is not None
    assert await cci.v1.artifacts.list(SLUG, retried.build_num) == []


async def test_list_of_a_missing_build_raises(cci: CircleCI) -> None:
    with pytest.raises(NotFound, match="Build not found"):
        await cci.v1.artifacts.list(SLUG, 99_999)


async def test_latest_by_branch_and_filter(cci: CircleCI, fake: FakeCircleCI) -> None:
    builds = await cci.v1.builds.list_branch(SLUG, "feature/login", filter="successful").collect()
    newest = builds[0]
    assert newest.build_num is not None
    latest = await cci.v1.artifacts.latest(SLUG, branch="feature/login", filter="successful")
    assert latest == await cci.v1.artifacts.list(SLUG, newest.build_num)
    assert fake.requests_to(LATEST)[-1].query == "branch=feature/login&filter=successful"


async def test_latest_without_matching_build_is_empty(cci: CircleCI, fake: FakeCircleCI) -> None:
    # CircleCI answers 404 "Build not found" when no build matches: nothing to download.
    assert await cci.v1.artifacts.latest(SLUG, branch="no-such-branch") == []
    assert fake.count_statuses(404) == 1


async def test_latest_of_a_build_without_artifacts_is_empty(cci: CircleCI) -> None:
    await cci.v1.builds.trigger_branch(SLUG, "fresh")
    assert await cci.v1.artifacts.latest(SLUG, branch="fresh") == []


async def test_latest_of_an_unknown_project_raises(cci: CircleCI, fake: FakeCircleCI) -> None:
    with pytest.raises(NotFound, match="Project not found"):
        await cci.v1.artifacts.latest("gh/acme/missing")
    fake.inject("GET", LATEST, status=404, body={"message": "Not found"})
    with pytest.raises(NotFound):
        await cci.v1.artifacts.latest(SLUG)


async def test_latest_rejects_bad_input(cci: CircleCI, fake: FakeCircleCI) -> None:
    with pytest.raises(ValueError, match="filter"):
        await cci.v1.artifacts.latest(SLUG, filter="green")
    with pytest.raises(ValueError, match="branch"):
        await cci.v1.artifacts.latest(SLUG, branch="")
    assert fake.requests == []


async def test_artifact_urls_download_through_the_artifact_host(
    cci: CircleCI, fake: FakeCircleCI
) -> None:
    (first, *_) = await cci.v1.artifacts.list(SLUG, 1)
    job = fake.data.job_numbers[SLUG, 1]
    async with cci._session.stream(first.url) as resp:
        assert resp.status == 200
        assert await resp.read() == job.artifacts[0].content()
    assert fake.storage_token_requests == 0
