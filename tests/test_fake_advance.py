"""FakeData.advance() and advance_on_read: API-started pipelines progress, seen by the client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from circleci_async import CircleCI, RetryPolicy
from circleci_async.testing import FakeCircleCI, FakeData

pytestmark = pytest.mark.anyio

SLUG = "gh/acme/api"


@pytest.fixture
def data() -> FakeData:
    return FakeData()


@pytest.fixture
async def fake(data: FakeData) -> AsyncIterator[FakeCircleCI]:
    async with FakeCircleCI(data=data, page_size=1) as server:
        yield server


async def statuses(cci: CircleCI, workflow_id: str) -> dict[str, str]:
    """``{job name: status}`` of a workflow (listing jobs never advances anything)."""
    return {j.name: j.status async for j in cci.workflows.jobs(workflow_id)}


async def test_advance_moves_one_job_per_step_then_finishes(
    cci: CircleCI, fake: FakeCircleCI, data: FakeData
) -> None:
    created = await cci.pipelines.trigger(SLUG, branch="main")
    other = await cci.pipelines.trigger(SLUG, branch="main")
    (workflow,) = await cci.pipelines.workflows(created.id).collect()
    assert workflow.status == "running"
    assert await statuses(cci, workflow.id) == {"build": "running", "test": "queued"}

    assert data.advance(created.id) == 1
    assert (await cci.workflows.get(workflow.id)).status == "running"
    assert await statuses(cci, workflow.id) == {"build": "success", "test": "running"}

    assert data.advance(created.id) == 1
    done = await cci.workflows.get(workflow.id)
    assert done.status == "success" and done.stopped_at is not None
    jobs = await cci.workflows.jobs(workflow.id).collect()
    assert {j.name: j.status for j in jobs} == {"build": "success", "test": "success"}
    build, test = jobs
    assert build.started_at and build.stopped_at and test.started_at and test.stopped_at
    assert build.started_at < build.stopped_at <= test.started_at < test.stopped_at
    assert test.stopped_at <= done.stopped_at

    assert data.advance(created.id) == 0  # finished workflows stay as they are
    assert await cci.workflows.get(workflow.id) == done
    # advance(pipeline_id) left the other pipeline alone
    (untouched,) = await cci.pipelines.workflows(other.id).collect()
    assert await statuses(cci, untouched.id) == {"build": "running", "test": "queued"}


async def test_advance_without_a_pipeline_moves_every_running_workflow(
    cci: CircleCI, data: FakeData
) -> None:
    first = await cci.pipelines.trigger(SLUG, branch="main")
    second = await cci.pipelines.trigger("gh/acme/web", branch="main")
    assert data.advance() == 2
    assert data.advance() == 2
    assert data.advance() == 0
    for created in (first, second):
        (workflow,) = await cci.pipelines.workflows(created.id).collect()
        assert workflow.status == "success"


async def test_failing_branches_fail_the_last_job(cci: CircleCI, data: FakeData) -> None:
    data.failing_branches.add("broken")
    created = await cci.pipelines.trigger(SLUG, branch="broken")
    data.advance()
    data.advance()
    (workflow,) = await cci.pipelines.workflows(created.id).collect()
    assert workflow.status == "failed" and workflow.stopped_at is not None
    assert await statuses(cci, workflow.id) == {"build": "success", "test": "failed"}


async def test_an_approval_holds_the_workflow_until_approved(cci: CircleCI, data: FakeData) -> None:
    pipeline = data.start_pipeline(SLUG, actor="octocat", branch="main", setup=True)
    workflow = data.add_workflow(pipeline, "deploy", jobs=())
    data.add_job(workflow, "build")
    hold = data.add_job(workflow, "hold", job_type="approval")
    data.add_job(workflow, "deploy")
    data.start_workflow(workflow)

    assert data.advance(pipeline.id) == 1
    assert (await cci.workflows.get(workflow.id)).status == "on_hold"
    assert data.advance(pipeline.id) == 0
    assert await statuses(cci, workflow.id) == {
        "build": "success",
        "hold": "on_hold",
        "deploy": "queued",
    }
    assert hold.approval_request_id is not None
    await cci.workflows.approve(workflow.id, hold.approval_request_id)
    data.advance(pipeline.id)
    assert await statuses(cci, workflow.id) == {
        "build": "success",
        "hold": "success",
        "deploy": "running",
    }
    data.advance(pipeline.id)
    assert (await cci.workflows.get(workflow.id)).status == "success"


async def test_advance_on_read_moves_one_step_per_listing(
    cci: CircleCI, fake: FakeCircleCI, data: FakeData
) -> None:
    data.advance_on_read = True
    created = await cci.pipelines.trigger(SLUG, branch="main")
    pipeline = data.pipelines[created.id]
    for name in ("docs", "package"):  # three workflows: three pages with page_size=1
        data.start_workflow(data.add_workflow(pipeline, name, jobs=("build", "test")))

    first = await cci.pipelines.workflows(created.id).collect()
    assert len(fake.requests_to(rf"/api/v2/pipeline/{created.id}/workflow")) == 3
    assert [w.status for w in first] == ["running"] * 3
    for workflow in first:  # one step each, although the listing took three requests
        assert await statuses(cci, workflow.id) == {"build": "success", "test": "running"}

    second = await cci.pipelines.workflows(created.id).collect()
    assert [w.status for w in second] == ["success"] * 3
    assert all(w.stopped_at is not None for w in second)


async def test_without_advance_on_read_pipelines_stay_running(
    cci: CircleCI, data: FakeData
) -> None:
    created = await cci.pipelines.trigger(SLUG, branch="main")
    for _ in range(3):
        (workflow,) = await cci.pipelines.workflows(created.id).collect()
        assert workflow.status == "running"
    assert await statuses(cci, workflow.id) == {"build": "running", "test": "queued"}


async def test_advance_on_read_is_a_constructor_option() -> None:
    data = FakeData(advance_on_read=True)
    async with (
        FakeCircleCI(data=data) as fake,
        CircleCI(fake.token, host=fake.url, retry=RetryPolicy.testing()) as cci,
    ):
        created = await cci.pipelines.trigger(SLUG)
        seen = [(await cci.pipelines.workflows(created.id).first()) for _ in range(3)]
        assert [w.status for w in seen if w] == ["running", "success", "success"]
