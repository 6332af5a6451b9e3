"""``ArtifactDownloader``: a producer lists artifacts while N workers download them."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
from anyio.abc import ObjectReceiveStream, ObjectSendStream

from circleci_async.artifacts import sources as _sources
from circleci_async.artifacts.download import (
    INLINE_WRITE_LIMIT,
    DownloadError,
    download_file,
    strip_query,
)
from circleci_async.artifacts.manifest import DestinationError, DestinationLock, Manifest
from circleci_async.artifacts.paths import PART_SUFFIX, UnsafePathError, artifact_relpath
from circleci_async.artifacts.report import DownloadReport, Failure, ProgressEvent
from circleci_async.artifacts.sources import ArtifactRef, Source, SourceFailure
from circleci_async.config import RetryPolicy
from circleci_async.errors import CircleCIError

if TYPE_CHECKING:
    from circleci_async.client import CircleCI

__all__ = ["DEFAULT_CONCURRENCY", "ArtifactDownloader"]

#: Files downloaded at once unless told otherwise.
DEFAULT_CONCURRENCY = 16


def _scan_dir(dest: Path, parent_rel: str) -> dict[str, int]:
    """Create ``dest/parent_rel`` (refusing to leave ``dest``); map its entries to sizes.

    Entries that are not regular files (directories, symlinks, …) map to ``-1``.
    """
    parent = dest / parent_rel
    parent.mkdir(parents=True, exist_ok=True)
    real = os.path.realpath(parent)
    if real != str(dest) and not real.startswith(str(dest) + os.sep):
        raise UnsafePathError(f"{parent_rel!r} leads outside the destination (symlink)")
    out: dict[str, int] = {}
    with os.scandir(parent) as entries:
        for entry in entries:
            try:
                regular = entry.is_file(follow_symlinks=False)
                out[entry.name] = entry.stat(follow_symlinks=False).st_size if regular else -1
            except OSError:
                out[entry.name] = -1
    return out


def _make_dest(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    return Path(os.path.realpath(dest))


class ArtifactDownloader:
    """Download artifacts concurrently into ``dest``, resumably and incrementally.

    ``async with CircleCI() as cci: report = await ArtifactDownloader(cci, "out").job(
    "gh/org/repo", 42)``. Files land in ``<dest>/<job>/<node_index>/<path>`` (see
    ``circleci_async.artifacts.paths`` for how unsafe paths are handled). ``concurrency``
    workers download while the listing is still paging; ``max_transfers`` optionally bounds
    simultaneous transfers below that. Listing calls go through the client's rate limiter,
    file transfers do not. ``on_progress`` receives a :class:`ProgressEvent` per step.
    ``retry`` (default: the client's) decides how often a broken transfer is retried.
    ``checksums=False`` leaves ``sha256`` out of the manifest (saves ~1 s CPU per GB).
    Bodies up to ``inline_write_limit`` bytes (64 KiB) are written on the event loop, larger
    ones in worker threads; set 0 on a slow network filesystem.
    """

    def __init__(
        self,
        cci: CircleCI,
        dest: str | os.PathLike[str],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        max_transfers: int | None = None,
        on_progress: Callable[[ProgressEvent], object] | None = None,
        retry: RetryPolicy | None = None,
        chunk_size: int = 1 << 20,
        checksums: bool = True,
        inline_write_limit: int = INLINE_WRITE_LIMIT,
    ) -> None:
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise ValueError(f"concurrency must be an integer >= 1, got {concurrency!r}")
        if max_transfers is not None and (
            isinstance(max_transfers, bool)
            or not isinstance(max_transfers, int)
            or max_transfers < 1
        ):
            raise ValueError(f"max_transfers must be an integer >= 1, got {max_transfers!r}")
        if chunk_size < 1:
            raise ValueError(f"chunk_size must be >= 1, got {chunk_size!r}")
        self.cci = cci
        self.dest = Path(dest)
        self.concurrency = concurrency
        self.max_transfers = max_transfers
        self.on_progress = on_progress
        self.retry = retry or cci.config.retry
        self.chunk_size = chunk_size
        self.checksums = checksums
        self.inline_write_limit = inline_write_limit

    def __repr__(self) -> str:
        return f"ArtifactDownloader(dest={str(self.dest)!r}, concurrency={self.concurrency})"

    # ---- convenience sources ------------------------------------------------------------
    async def job(self, project_slug: str, *job_numbers: int | str) -> DownloadReport:
        """Download the artifacts of one or more jobs of a project."""
        if not job_numbers:
            raise ValueError("give at least one job number")
        return await self.run(
            *(_sources.job_artifacts(self.cci, project_slug, n) for n in job_numbers)
        )

    async def workflow(self, workflow_id: str, *, job_name: str | None = None) -> DownloadReport:
        """Download the artifacts of every job of a workflow."""
        return await self.run(_sources.workflow_artifacts(self.cci, workflow_id, job_name=job_name))

    async def pipeline(
        self,
        pipeline_id: str,
        *,
        workflow_name: str | None = None,
        job_name: str | None = None,
    ) -> DownloadReport:
        """Download the artifacts of every workflow of a pipeline."""
        return await self.run(
            _sources.pipeline_artifacts(
                self.cci, pipeline_id, workflow_name=workflow_name, job_name=job_name
            )
        )

    async def project(
        self,
        project_slug: str,
        *,
        branch: str | None = None,
        pipelines: int = 1,
        workflow_name: str | None = None,
        job_name: str | None = None,
    ) -> DownloadReport:
        """Mirror the artifacts of the last ``pipelines`` pipelines of a project or branch."""
        return await self.run(
            _sources.project_artifacts(
                self.cci,
                project_slug,
                branch=branch,
                pipelines=pipelines,
                workflow_name=workflow_name,
                job_name=job_name,
            )
        )

    async def build(self, project_slug: str, *build_nums: int) -> DownloadReport:
        """Download the artifacts of one or more builds, listed through API v1.1."""
        if not build_nums:
            raise ValueError("give at least one build number")
        return await self.run(
            *(_sources.v1_build_artifacts(self.cci, project_slug, n) for n in build_nums)
        )

    async def latest(
        self,
        project_slug: str,
        *,
        branch: str | None = None,
        filter: str | None = None,
        folder: str = "latest",
    ) -> DownloadReport:
        """Download the artifacts of the latest build (API v1.1) into ``<dest>/<folder>/``."""
        return await self.run(
            _sources.v1_latest_artifacts(
                self.cci, project_slug, branch=branch, filter=filter, folder=folder
            )
        )

    # ---- the run ------------------------------------------------------------------------
    async def run(self, *sources: Source) -> DownloadReport:
        """Download everything the ``sources`` list; return the report.

        Raises :class:`DestinationError` when the destination cannot be used (nothing is
        downloaded then); every other problem is a failure in the report.
        """
        try:
            dest = await anyio.to_thread.run_sync(_make_dest, self.dest)
        except OSError as exc:
            raise DestinationError(
                f"cannot create destination {str(self.dest)!r}: {exc.strerror or exc}"
            ) from None
        lock = DestinationLock(dest)
        lock.acquire()
        try:
            manifest = Manifest(dest)
            try:
                await anyio.to_thread.run_sync(manifest.load)
            except OSError as exc:
                raise DestinationError(
                    f"cannot write the manifest in {str(dest)!r}: {exc.strerror or exc}"
                ) from None
            try:
                return await _Run(self, dest, manifest).run(sources)
            finally:
                with anyio.CancelScope(shield=True):
                    await anyio.to_thread.run_sync(manifest.close)
        finally:
            lock.release()


class _Run:
    """State of one run (shared by the producer and the workers)."""

    def __init__(self, owner: ArtifactDownloader, dest: Path, manifest: Manifest) -> None:
        self.owner = owner
        self.dest = dest
        self.manifest = manifest
        self.report = DownloadReport(dest=str(dest))
        # The only per-file state a run keeps (about 130 bytes a file, measured by
        # benchmarks/bench_scale.py): the paths handled so far, to catch duplicates.
        self.seen: set[str] = set()
        self.dirs: dict[str, dict[str, int] | anyio.Event] = {}
        self.limiter = anyio.CapacityLimiter(owner.max_transfers) if owner.max_transfers else None
        self.session = owner.cci._session
        self.fatal: BaseException | None = None

    def emit(self, event: ProgressEvent) -> None:
        hook = self.owner.on_progress
        if hook is not None:
            hook(event)

    def fail(self, what: str, reason: str, url: str = "") -> None:
        self.report.failures.append(Failure(what, reason, strip_query(url) if url else ""))

    async def run(self, sources: tuple[Source, ...]) -> DownloadReport:
        start = time.monotonic()
        send, receive = anyio.create_memory_object_stream[ArtifactRef](
            max_buffer_size=self.owner.concurrency * 2
        )
        try:
            async with anyio.create_task_group() as tg:
                tg.start_soon(self.produce, sources, send, tg.cancel_scope)
                async with receive:
                    for _ in range(self.owner.concurrency):
                        tg.start_soon(self.work, receive.clone())
        finally:
            self.report.elapsed = time.monotonic() - start
        if self.fatal is not None:
            raise self.fatal
        return self.report

    async def produce(
        self,
        sources: tuple[Source, ...],
        send: ObjectSendStream[ArtifactRef],
        scope: anyio.CancelScope,
    ) -> None:
        async with send:
            try:
                for source in sources:
                    async for item in source:
                        if isinstance(item, SourceFailure):
                            self.fail(item.what, item.reason)
                            continue
                        self.report.listed += 1
                        await send.send(item)
            except CircleCIError as exc:
                self.fail("listing", str(exc))
            except Exception as exc:
                self.fatal = exc
                scope.cancel()

    async def work(self, receive: ObjectReceiveStream[ArtifactRef]) -> None:
        async with receive:
            async for ref in receive:
                await self.one(ref)

    async def directory(self, parent_rel: str) -> dict[str, int]:
        """The entries of a destination directory, created and scanned once per run.

        Each file's entries are popped when it is handled, so the cache shrinks as it goes.
        """
        while True:
            entry = self.dirs.get(parent_rel)
            if isinstance(entry, dict):
                return entry
            if entry is None:
                break
            await entry.wait()
        ready = anyio.Event()
        self.dirs[parent_rel] = ready
        try:
            found = await anyio.to_thread.run_sync(_scan_dir, self.dest, parent_rel)
        except BaseException:
            del self.dirs[parent_rel]
            raise
        finally:
            ready.set()
        self.dirs[parent_rel] = found
        return found

    async def one(self, ref: ArtifactRef) -> None:
        report = self.report
        try:
            rel = artifact_relpath(ref.job, ref.node_index, ref.path)
        except UnsafePathError as exc:
            what = f"{ref.job}/{ref.node_index}/{ref.path!r}"
            report.failed += 1
            self.fail(what, str(exc), ref.url)
            self.emit(ProgressEvent("listed", what))
            self.emit(ProgressEvent("failed", what, reason=str(exc)))
            return
        self.emit(ProgressEvent("listed", rel))
        if rel in self.seen:
            # The file belongs to the first artifact with this path: its record stands.
            self._failed(rel, ref, "another artifact of this run has the same path", record=False)
            return
        self.seen.add(rel)
        parent_rel, _, name = rel.rpartition("/")
        try:
            entries = await self.directory(parent_rel)
        except UnsafePathError as exc:
            self._failed(rel, ref, str(exc))
            return
        except OSError as exc:
            self._failed(rel, ref, f"cannot create its directory: {exc.strerror or exc}")
            return
        existing = entries.pop(name, None)
        part_size = entries.pop(name + PART_SUFFIX, 0)
        if existing == -1 or part_size == -1:
            self._failed(rel, ref, "its name is taken by something that is not a regular file")
            return
        target = self.dest / rel
        if existing is not None:
            rec = self.manifest.complete(rel, existing, strip_query(ref.url))
            if rec is not None:
                self._done(rel, ref, "skipped", existing, rec.get("sha256"))
                return
            if rel in self.manifest.records:
                existing = None  # recorded from another URL or unfinished: fetch it again
        owner = self.owner

        def started(size: int | None) -> None:
            self.emit(ProgressEvent("started", rel, size=size))

        def got(n: int) -> None:
            report.bytes += n
            self.emit(ProgressEvent("bytes", rel, nbytes=n))

        try:
            outcome = await download_file(
                self.session,
                ref.url,
                target,
                policy=owner.retry,
                existing_size=existing,
                part_size=part_size,
                on_start=started,
                on_bytes=got,
                limiter=self.limiter,
                chunk_size=owner.chunk_size,
                checksum=owner.checksums,
                inline_limit=owner.inline_write_limit,
            )
        except DownloadError as exc:
            self._failed(rel, ref, str(exc))
            return
        self._done(rel, ref, outcome.status, outcome.size, outcome.sha256)

    def _record(self, rel: str, ref: ArtifactRef, status: str, size: int | None, sha: Any) -> None:
        self.manifest.add(
            {
                "file": rel,
                "job": str(ref.job),
                "path": ref.path,
                "node_index": ref.node_index,
                "url": strip_query(ref.url),
                "size": size,
                "sha256": sha,
                "status": status,
            }
        )

    def _done(self, rel: str, ref: ArtifactRef, status: str, size: int, sha: Any) -> None:
        if status == "skipped":
            self.report.skipped += 1
        else:
            self.report.downloaded += 1
        self._record(rel, ref, status, size, sha)
        self.emit(ProgressEvent("skipped" if status == "skipped" else "downloaded", rel, size=size))

    def _failed(self, rel: str, ref: ArtifactRef, reason: str, *, record: bool = True) -> None:
        self.report.failed += 1
        self.fail(rel, reason, ref.url)
        if record:
            self._record(rel, ref, "failed", None, None)
        self.emit(ProgressEvent("failed", rel, reason=reason))
