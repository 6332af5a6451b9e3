"""Job area: job details, artifacts, tests, cancellation."""

from __future__ import annotations

from circleci_async._http import codec
from circleci_async.models.v2.jobs import Artifact, JobDetails, JobMessage, TestResult
from circleci_async.pagination import AsyncPager
from circleci_async.resources._base import Resource
from circleci_async.resources.v2._checks import number

__all__ = ["OPERATIONS", "Jobs"]

OPERATIONS = {
    "getJobArtifacts": "jobs.artifacts",
    "getJobDetails": "jobs.get",
    "getTests": "jobs.tests",
    "cancelJobByJobNumber": "jobs.cancel",
    "cancelJobByJobID": "jobs.cancel_by_id",
}


class Jobs(Resource):
    """``cci.jobs``: jobs."""

    __slots__ = ()

    def artifacts(self, project_slug: str, job_number: int | str) -> AsyncPager[Artifact]:
        """Artifacts of a job."""
        return self._token_pager(
            "/project/{project_slug}/{job_number}/artifacts",
            Artifact,
            path=_by_number(project_slug, job_number),
        )

    def tests(self, project_slug: str, job_number: int | str) -> AsyncPager[TestResult]:
        """Test results of a job (empty when it stored none)."""
        return self._token_pager(
            "/project/{project_slug}/{job_number}/tests",
            TestResult,
            path=_by_number(project_slug, job_number),
        )

    async def get(self, project_slug: str, job_number: int | str) -> JobDetails:
        """Details of a job: status, timing, executor, parallel runs."""
        return await self._s.call(
            "GET",
            "/project/{project_slug}/job/{job_number}",
            JobDetails,
            path=_by_number(project_slug, job_number),
        )

    async def cancel(self, project_slug: str, job_number: int | str) -> JobMessage:
        """Cancel a job by its project and number."""
        return await self._s.call(
            "POST",
            "/project/{project_slug}/job/{job_number}/cancel",
            JobMessage,
            path=_by_number(project_slug, job_number),
        )

    async def cancel_by_id(self, job_id: str) -> JobMessage:
        """Cancel a job by its id (approval jobs, which have no number, included)."""
        return await self._s.call(
            "POST",
            "/jobs/{job_id}/cancel",
            JobMessage,
            path={"job_id": codec.path_segment(job_id, "job_id")},
        )


def _by_number(project_slug: str, job_number: int | str) -> dict[str, str]:
    return {
        "project_slug": codec.project_slug(project_slug),
        "job_number": number(job_number, "job_number"),
    }
