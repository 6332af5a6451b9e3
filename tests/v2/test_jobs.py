"""cci.jobs against the fake server: details, tests (paged), cancel by number and by id."""

from __future__ import annotations

import msgspec
import pytest

from circleci_async import CircleCI, NotFound
from circleci_async.models.v2.jobs import JobDetails, JobStatus, TestResult
from circleci_async.testing import FakeCircleCI
from circleci_async.testing.data import FakeJob, FakeTestResult

pytestmark = pytest.mark.anyio

SLUG = "gh/acme/api"
UNKNOWN = "5034460f-c7c4-4c43-9457-de07e2029e7b"


def seeded_job(fake: FakeCircleCI, name: str) -> FakeJob:
    return next(j for j in fake.data.jobs.values() if j.project_slug == SLUG and j.name == name)


async def test_get_details(cci: CircleCI, fake: FakeCircleCI) -> None:
    job = seeded_job(fake, "test")
    assert job.number is not None
    details = await cci.jobs.get(SLUG, job.number)
    assert details.number == job.number and details.name == "test"
    assert details.status == job.status and details.status in set(JobStatus)
    assert details.project.slug == SLUG and details.project.id == fake.data.projects[SLUG].id
    assert details.organization.name == "acme" and details.pipeline.id == job.pipeline_id
    assert details.latest_workflow.id == job.workflow_id
    assert details.parallelism == 2 and [r.index for r in details.parallel_runs] == [0, 1]
    assert details.executor.resource_class == "medium"
    assert job.started_at is not None and job.stopped_at is not None
    assert details.duration == int((job.stopped_at - job.started_at).total_seconds() * 1000)
    assert details.started_at == job.started_at
    with pytest.raises(NotFound, match="Job not found"):
        await cci.jobs.get(SLUG, 99999)
    with pytest.raises(ValueError, match="not a project slug"):
        await cci.jobs.get("gh/acme", 1)
    sent = len(fake.requests_to(r"/api/v2/project/.*"))
    for bad in ("abc", 0, "-3", ""):
        with pytest.raises(ValueError, match="job_number must be a positive integer"):
            await cci.jobs.get(SLUG, bad)
        with pytest.raises(ValueError, match="job_number must be a positive integer"):
            cci.jobs.tests(SLUG, bad)
    with pytest.raises(TypeError, match="job_number must be an integer"):
        await cci.jobs.cancel(SLUG, 1.5)  # type: ignore[arg-type]
    assert len(fake.requests_to(r"/api/v2/project/.*")) == sent


async def test_tests_pages_every_result(cci: CircleCI, fake: FakeCircleCI) -> None:
    job = seeded_job(fake, "test")
    assert job.number is not None
    job.tests = [
        FakeTestResult(f"t{i}", "suite", "tests/t.py", "success", 0.5, None) for i in range(45)
    ]
    job.tests[3].result, job.tests[3].message = "failure", "AssertionError: boom"
    results = await cci.jobs.tests(SLUG, job.number).collect()
    assert [r.name for r in results] == [f"t{i}" for i in range(45)]
    assert results[3].result == "failure" and results[3].message == "AssertionError: boom"
    assert results[0].run_time == 0.5 and results[0].message is None
    assert len(fake.requests_to(rf"/api/v2/project/[^/]+/{job.number}/tests")) == 3


async def test_tests_of_a_job_without_any(cci: CircleCI, fake: FakeCircleCI) -> None:
    job = seeded_job(fake, "build")
    assert job.number is not None and not job.tests
    # The fake, like CircleCI, leaves next_page_token out of an empty page.
    assert await cci.jobs.tests(SLUG, job.number).collect() == []


async def test_cancel_by_number_and_by_id(cci: CircleCI, fake: FakeCircleCI) -> None:
    created = await cci.pipelines.trigger(SLUG, branch="main")
    (workflow,) = await cci.pipelines.workflows(created.id).collect()
    first, second = await cci.workflows.jobs(workflow.id).collect()
    assert first.status == "running" and second.status == "queued"
    assert first.job_number is not None

    answer = await cci.jobs.cancel(SLUG, first.job_number)
    assert answer.message == "Accepted."
    details = await cci.jobs.get(SLUG, first.job_number)
    assert details.status == JobStatus.CANCELED and details.stopped_at is not None

    await cci.jobs.cancel_by_id(second.id)
    assert fake.data.jobs[second.id].status == "canceled"
    assert [j.status for j in await cci.workflows.jobs(workflow.id).collect()] == [
        "canceled",
        "canceled",
    ]
    with pytest.raises(NotFound, match="Job not found"):
        await cci.jobs.cancel_by_id(UNKNOWN)
    with pytest.raises(ValueError, match="job_id must not be empty"):
        await cci.jobs.cancel_by_id("")


async def test_cancel_a_finished_job_changes_nothing(cci: CircleCI, fake: FakeCircleCI) -> None:
    job = seeded_job(fake, "lint")
    assert job.number is not None
    status = job.status
    await cci.jobs.cancel(SLUG, job.number)
    assert (await cci.jobs.get(SLUG, job.number)).status == status


def test_lenient_job_decoding() -> None:
    raw = (
        b'{"number":7,"name":"n","status":"brand-new","project":{"slug":"gh/a/b"},'
        b'"duration":null,"stopped_at":null,"executor":{"resource_class":"large"}}'
    )
    details = msgspec.json.decode(raw, type=JobDetails)
    assert details.status == "brand-new" and details.project.id is None
    assert details.duration is None and details.messages == []
    result = msgspec.json.decode(
        b'{"name":"t","run_time":"","message":null,"file":null}', type=TestResult
    )
    assert result.run_time == "" and result.message is None and result.file is None
