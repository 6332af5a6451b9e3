"""Concurrent, resumable, incremental artifact downloads.

``ArtifactDownloader(cci, dest).job("gh/org/repo", 42)`` → :class:`DownloadReport`.
Layout: ``<dest>/<job>/<node_index>/<path>``; see :mod:`circleci_async.artifacts.paths`.
"""

from circleci_async.artifacts.download import DownloadError
from circleci_async.artifacts.manifest import LOCK_NAME, MANIFEST_NAME, DestinationError
from circleci_async.artifacts.paths import UnsafePathError, artifact_relpath, safe_relative_path
from circleci_async.artifacts.pool import DEFAULT_CONCURRENCY, ArtifactDownloader
from circleci_async.artifacts.report import DownloadReport, Failure, ProgressEvent
from circleci_async.artifacts.sources import (
    ArtifactRef,
    Source,
    SourceFailure,
    job_artifacts,
    pipeline_artifacts,
    project_artifacts,
    v1_build_artifacts,
    v1_latest_artifacts,
    workflow_artifacts,
)

__all__ = [
    "DEFAULT_CONCURRENCY",
    "LOCK_NAME",
    "MANIFEST_NAME",
    "ArtifactDownloader",
    "ArtifactRef",
    "DestinationError",
    "DownloadError",
    "DownloadReport",
    "Failure",
    "ProgressEvent",
    "Source",
    "SourceFailure",
    "UnsafePathError",
    "artifact_relpath",
    "job_artifacts",
    "pipeline_artifacts",
    "project_artifacts",
    "safe_relative_path",
    "v1_build_artifacts",
    "v1_latest_artifacts",
    "workflow_artifacts",
]
