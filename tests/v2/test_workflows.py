"""cci.workflows against the fake server: get, approve, cancel, rerun and their state."""

from __future__ import annotations

import msgspec
import pytest

from circleci_async import BadRequest, CircleCI, NotFound
from circleci_async.models.v2.workflows import Workflow, WorkflowStatus
from circleci_async.testing import FakeCircleCI
from circleci_async.testing.data import FakeWorkflow

pytestmark = pytest.mark.anyio

SLUG = "gh/acme/api"
UNKNOWN = "5034460f-c7c4-4c43-9457-de07e2029e7b"


def seeded(fake: FakeCircleCI, status: str) -> FakeWorkflow:
    """A seeded workflow of gh/acme/api with ``status``."""
    return next(
        w for w in fake.data.workflows.values() if w.project_slug == SLUG and w.status == status
    )


async def running_workflow(cci: CircleCI) -> Workflow:
    created = await cci.pipelines.trigger(SLUG, branch="main")
    (workflow,) = await cci.pipelines.workflows(created.id).collect()
    return workflow


async def test_get_matches_the_pipeline_listing(cci: CircleCI, fake: FakeCircleCI) -> None:
    pipeline = await cci.pipelines.list(SLUG).first()
    assert pipeline is not None
    (listed,) = await cci.pipelines.workflows(pipeline.id).collect()
    workflow = await cci.workflows.get(listed.id)
    assert workflow == listed
    assert workflow.pipeline_id == pipeline.id and workflow.pipeline_number == pipeline.number
    assert workflow.status in set(WorkflowStatus) and workflow.created_at is not None
    with pytest.raises(NotFound, match="Workflow not found"):
        await cci.workflows.get(UNKNOWN)
    with pytest.raises(ValueError, match="id must not be empty"):
        await cci.workflows.get(" ")


async def test_cancel_stops_the_workflow_and_its_jobs(cci: CircleCI, fake: FakeCircleCI) -> None:
    workflow = await running_workflow(cci)
    answer = await cci.workflows.cancel(workflow.id)
    assert answer.message == "Accepted."
    after = await cci.workflows.get(workflow.id)
    assert after.status == WorkflowStatus.CANCELED and after.stopped_at is not None
    assert after.canceled_by == fake.data.users[0].id
    assert {j.status for j in await cci.workflows.jobs(workflow.id).collect()} == {"canceled"}


async def test_rerun_everything(cci: CircleCI, fake: FakeCircleCI) -> None:
    old = seeded(fake, "success")
    answer = await cci.workflows.rerun(old.id)
    assert fake.requests_to(r"/api/v2/workflow/[^/]+/rerun")[-1].json() == {}
    new = await cci.workflows.get(answer.workflow_id)
    assert new.id != old.id and new.name == old.name and new.pipeline_id == old.pipeline_id
    assert new.status == "running"
    assert [j.name for j in await cci.workflows.jobs(new.id).collect()] == [
        j.name for j in old.jobs
    ]
    ids = {w.id for w in await cci.pipelines.workflows(old.pipeline_id).collect()}
    assert ids == {old.id, new.id}
    assert (await cci.workflows.get(old.id)).status == "success"


async def test_rerun_from_failed_and_chosen_jobs(cci: CircleCI, fake: FakeCircleCI) -> None:
    failed = seeded(fake, "failed")
    answer = await cci.workflows.rerun(failed.id, from_failed=True, enable_ssh=True)
    assert fake.requests_to(r"/api/v2/workflow/[^/]+/rerun")[-1].json() == {
        "enable_ssh": True,
        "from_failed": True,
    }
    rerun_jobs = await cci.workflows.jobs(answer.workflow_id).collect()
    assert [j.name for j in rerun_jobs] == [j.name for j in failed.jobs if j.status == "failed"]

    first = failed.jobs[0]
    answer = await cci.workflows.rerun(failed.id, jobs=(first.id,), sparse_tree=True)
    assert fake.requests_to(r"/api/v2/workflow/[^/]+/rerun")[-1].json() == {
        "jobs": [first.id],
        "sparse_tree": True,
    }
    assert [j.name for j in await cci.workflows.jobs(answer.workflow_id).collect()] == [first.name]


async def test_rerun_errors(cci: CircleCI, fake: FakeCircleCI) -> None:
    with pytest.raises(BadRequest, match="still running"):
        await cci.workflows.rerun((await running_workflow(cci)).id)
    with pytest.raises(BadRequest, match="no failed jobs"):
        await cci.workflows.rerun(seeded(fake, "success").id, from_failed=True)
    with pytest.raises(BadRequest, match="not part of workflow"):
        await cci.workflows.rerun(seeded(fake, "success").id, jobs=[UNKNOWN])
    with pytest.raises(ValueError, match="from_failed or jobs"):
        await cci.workflows.rerun(UNKNOWN, from_failed=True, jobs=[UNKNOWN])
    with pytest.raises(TypeError, match="list of job ids"):
        await cci.workflows.rerun(UNKNOWN, jobs=UNKNOWN)
    with pytest.raises(TypeError, match="enable_ssh"):
        await cci.workflows.rerun(UNKNOWN, enable_ssh="yes")  # type: ignore[arg-type]


async def test_approve_releases_the_hold(cci: CircleCI, fake: FakeCircleCI) -> None:
    workflow = await running_workflow(cci)
    fake_workflow = fake.data.workflows[workflow.id]
    hold = fake.data.add_job(fake_workflow, "hold", job_type="approval", status="on_hold")
    fake_workflow.status = "on_hold"
    jobs = await cci.workflows.jobs(workflow.id).collect()
    approval = next(j for j in jobs if j.type == "approval")
    assert approval.job_number is None and approval.approval_request_id is not None
    assert approval.status == "on_hold"

    answer = await cci.workflows.approve(workflow.id, approval.approval_request_id)
    assert answer.message == "Accepted."
    assert hold.status == "success"
    approved = next(j for j in await cci.workflows.jobs(workflow.id).collect() if j.id == hold.id)
    assert approved.status == "success" and approved.approved_by == fake.data.users[0].id
    assert (await cci.workflows.get(workflow.id)).status == "running"

    with pytest.raises(BadRequest, match="not on hold"):
        await cci.workflows.approve(workflow.id, approval.approval_request_id)
    with pytest.raises(NotFound, match="Approval request not found"):
        await cci.workflows.approve(workflow.id, UNKNOWN)
    with pytest.raises(ValueError, match="approval_request_id must not be empty"):
        await cci.workflows.approve(workflow.id, "")


def test_lenient_workflow_decoding() -> None:
    raw = b'{"id":"w","status":"some-future-status","stopped_at":null,"tag":"setup"}'
    workflow = msgspec.json.decode(raw, type=Workflow)
    assert workflow.status == "some-future-status" and workflow.stopped_at is None
    assert workflow.pipeline_id == "" and workflow.tag == "setup"
