"""Job area: job details, artifacts, tests, cancellation."""

from __future__ import annotations

from circleci_async._http import codec
from circleci_async.models.v2.jobs import Artifact
from circleci_async.pagination import AsyncPager
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Jobs"]

OPERATIONS = {
    "getJobArtifacts": "jobs.artifacts",
}


class Jobs(Resource):
    """``cci.jobs``: jobs."""

    __slots__ = ()

    def artifacts(self, project_slug: str, job_number: int | str) -> AsyncPager[Artifact]:
        """Artifacts of a job."""
        return self._token_pager(
            "/project/{project_slug}/{job_number}/artifacts",
            Artifact,
            path={
                "project_slug": codec.project_slug(project_slug),
                "job_number": codec.path_segment(job_number, "job_number"),
            },
        )
