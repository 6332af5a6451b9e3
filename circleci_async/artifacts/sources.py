"""Where artifacts come from: async iterators of :class:`ArtifactRef` or :class:`SourceFailure`.

A source is any ``AsyncIterable[ArtifactRef | SourceFailure]``. Listing errors of one job do
not stop a run: the source yields a :class:`SourceFailure` and goes on. Arguments are checked
when the source is built (a bad slug raises ``ValueError`` before any request).
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from circleci_async._http import codec
from circleci_async.errors import CircleCIError

if TYPE_CHECKING:
    from circleci_async.client import CircleCI

__all__ = [
    "ArtifactRef",
    "Source",
    "SourceFailure",
    "job_artifacts",
    "pipeline_artifacts",
    "project_artifacts",
    "v1_build_artifacts",
    "v1_latest_artifacts",
    "workflow_artifacts",
]


@dataclass(frozen=True, slots=True)
class ArtifactRef:
    """One file to download: stored at ``<dest>/<job>/<node_index>/<path>``."""

    job: str | int
    node_index: int
    path: str
    url: str


@dataclass(frozen=True, slots=True)
class SourceFailure:
    """A listing that failed (``what``: which one; ``reason``: the error)."""

    what: str
    reason: str


Source = AsyncIterable[ArtifactRef | SourceFailure]


def job_artifacts(cci: CircleCI, project_slug: str, job_number: int | str) -> Source:
    """Artifacts of one job (v2 ``getJobArtifacts``)."""
    codec.project_slug(project_slug)
    codec.path_segment(job_number, "job_number")
    return _job(cci, project_slug, job_number)


async def _job(
    cci: CircleCI, project_slug: str, job_number: int | str
) -> AsyncIterator[ArtifactRef | SourceFailure]:
    try:
        async for page in cci.jobs.artifacts(project_slug, job_number).pages():
            for a in page:
                yield ArtifactRef(job_number, a.node_index, a.path, a.url)
    except CircleCIError as exc:
        yield SourceFailure(f"job {job_number} of {project_slug}", str(exc))


def workflow_artifacts(cci: CircleCI, workflow_id: str, *, job_name: str | None = None) -> Source:
    """Artifacts of every job of a workflow (approval jobs have none), or of ``job_name``."""
    codec.path_segment(workflow_id, "workflow_id")
    return _workflow(cci, workflow_id, job_name)


async def _workflow(
    cci: CircleCI, workflow_id: str, job_name: str | None
) -> AsyncIterator[ArtifactRef | SourceFailure]:
    try:
        jobs = await cci.workflows.jobs(workflow_id).collect()
    except CircleCIError as exc:
        yield SourceFailure(f"workflow {workflow_id}", str(exc))
        return
    for job in jobs:
        if job.job_number is None or (job_name is not None and job.name != job_name):
            continue
        async for item in _job(cci, job.project_slug, job.job_number):
            yield item


def pipeline_artifacts(
    cci: CircleCI,
    pipeline_id: str,
    *,
    workflow_name: str | None = None,
    job_name: str | None = None,
) -> Source:
    """Artifacts of every workflow of a pipeline (optionally one workflow / job name)."""
    codec.path_segment(pipeline_id, "pipeline_id")
    return _pipeline(cci, pipeline_id, workflow_name, job_name)


async def _pipeline(
    cci: CircleCI, pipeline_id: str, workflow_name: str | None, job_name: str | None
) -> AsyncIterator[ArtifactRef | SourceFailure]:
    try:
        workflows = await cci.pipelines.workflows(pipeline_id).collect()
    except CircleCIError as exc:
        yield SourceFailure(f"pipeline {pipeline_id}", str(exc))
        return
    for wf in workflows:
        if workflow_name is None or wf.name == workflow_name:
            async for item in _workflow(cci, wf.id, job_name):
                yield item


def project_artifacts(
    cci: CircleCI,
    project_slug: str,
    *,
    branch: str | None = None,
    pipelines: int = 1,
    workflow_name: str | None = None,
    job_name: str | None = None,
) -> Source:
    """Artifacts of the last ``pipelines`` pipelines of a project (or of one ``branch``)."""
    codec.project_slug(project_slug)
    if isinstance(pipelines, bool) or not isinstance(pipelines, int) or pipelines < 1:
        raise ValueError(f"pipelines must be an integer >= 1, got {pipelines!r}")
    return _project(cci, project_slug, branch, pipelines, workflow_name, job_name)


async def _project(
    cci: CircleCI,
    project_slug: str,
    branch: str | None,
    count: int,
    workflow_name: str | None,
    job_name: str | None,
) -> AsyncIterator[ArtifactRef | SourceFailure]:
    try:
        found = await cci.pipelines.list(project_slug, branch=branch).collect(limit=count)
    except CircleCIError as exc:
        yield SourceFailure(f"pipelines of {project_slug}", str(exc))
        return
    for pipeline in found:
        async for item in _pipeline(cci, pipeline.id, workflow_name, job_name):
            yield item


def v1_build_artifacts(cci: CircleCI, project_slug: str, build_num: int) -> Source:
    """Artifacts of a build via API v1.1 (``cci.v1.artifacts.list``).

    v1.1 lists absolute paths; the file lands under ``<build_num>/<node>/`` with the leading
    ``/`` dropped (``pretty_path`` when CircleCI sends it).
    """
    codec.project_slug(project_slug)
    codec.path_segment(build_num, "build_num")
    return _v1_build(cci, project_slug, build_num)


async def _v1_build(
    cci: CircleCI, project_slug: str, build_num: int
) -> AsyncIterator[ArtifactRef | SourceFailure]:
    try:
        items = await cci.v1.artifacts.list(project_slug, build_num)
    except CircleCIError as exc:
        yield SourceFailure(f"build {build_num} of {project_slug}", str(exc))
        return
    for a in items:
        yield ArtifactRef(build_num, a.node_index, a.pretty_path or a.path, a.url)


def v1_latest_artifacts(
    cci: CircleCI,
    project_slug: str,
    *,
    branch: str | None = None,
    filter: str | None = None,
    folder: str = "latest",
) -> Source:
    """Artifacts of the latest build (of ``branch``, matching ``filter``) via API v1.1.

    v1.1 does not say which build that is, so files land under ``<folder>/<node>/<path>``;
    the manifest records each URL, so a newer build's files are downloaded again.
    """
    codec.project_slug(project_slug)
    codec.path_segment(folder, "folder")
    return _v1_latest(cci, project_slug, branch, filter, folder)


async def _v1_latest(
    cci: CircleCI, project_slug: str, branch: str | None, filter: str | None, folder: str
) -> AsyncIterator[ArtifactRef | SourceFailure]:
    try:
        items = await cci.v1.artifacts.latest(project_slug, branch=branch, filter=filter)
    except CircleCIError as exc:
        yield SourceFailure(f"latest build of {project_slug}", str(exc))
        return
    for a in items:
        yield ArtifactRef(folder, a.node_index, a.pretty_path or a.path, a.url)
