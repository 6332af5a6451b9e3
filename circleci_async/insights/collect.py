"""Collect insights for many projects at once, as fast as the client's rate limit allows.

Every request goes through the client's one token bucket, so the fan-out never outruns it; a
429 pauses the whole client and slows the bucket down, which then recovers gradually. Records
stream out as they arrive; a project that fails (404, no access, a body that does not decode)
is reported in :attr:`Collection.failures` while the others complete.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

import anyio
from anyio.abc import ObjectSendStream

from circleci_async._http import codec
from circleci_async.errors import APIStatusError, CircleCIError, RateLimited
from circleci_async.insights.records import (
    KINDS,
    BranchRecord,
    FlakyTestRecord,
    JobMetricsRecord,
    Record,
    TestMetricRecord,
    WorkflowMetricsRecord,
    WorkflowRunRecord,
    WorkflowSummaryRecord,
    record_key,
)

if TYPE_CHECKING:
    from circleci_async.client import CircleCI

__all__ = ["DEFAULT_KINDS", "Collection", "CollectStats", "ProjectFailure", "collect"]

#: What :func:`collect` gathers unless told otherwise: every kind.
DEFAULT_KINDS: tuple[str, ...] = tuple(KINDS)
_BUFFER = 256
#: How often one step (a listing of one project) is started again after ``RateLimited``: the
#: client's own retries ran out, but the collection as a whole should still converge.
STEP_ATTEMPTS = 3
Guard = Callable[[Callable[[], Awaitable[None]]], Coroutine[Any, Any, None]]


@dataclass(frozen=True, slots=True)
class ProjectFailure:
    """A project whose collection failed, and why."""

    project_slug: str
    error: str
    status: int | None = None


@dataclass
class CollectStats:
    """Live counters of a collection (read them for a progress display)."""

    projects: int = 0
    projects_done: int = 0
    projects_failed: int = 0
    records: int = 0
    requests: int = 0
    throttled: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    current_limit: float = 0.0

    @property
    def elapsed(self) -> float:
        """Seconds since the collection started (until it finished)."""
        return (self.finished or time.monotonic()) - self.started

    @property
    def rate(self) -> float:
        """Requests per second achieved so far."""
        return self.requests / self.elapsed if self.elapsed > 0 else 0.0


def _label(branch: str | None, all_branches: bool) -> str:
    return "*" if all_branches else (branch or "")


def _leaves(group: BaseExceptionGroup[BaseException]) -> list[BaseException]:
    out: list[BaseException] = []
    for exc in group.exceptions:
        out.extend(_leaves(exc) if isinstance(exc, BaseExceptionGroup) else [exc])
    return out


def _id(value: object) -> str | None:
    return None if value is None else str(value)


class Collection:
    """An async iterator of insights records for many projects; see :func:`collect`.

    Iterating starts the collection; stopping early (``break``) cancels what is in flight.
    Afterwards ``failures`` lists the projects that failed and ``stats`` has the counts.
    """

    def __init__(
        self,
        cci: CircleCI,
        projects: Iterable[str],
        *,
        kinds: Iterable[str] = DEFAULT_KINDS,
        reporting_window: str | None = None,
        branch: str | None = None,
        all_branches: bool = False,
        start_date: datetime | str | None = None,
        end_date: datetime | str | None = None,
        concurrency: int | None = None,
        collected_on: date | None = None,
    ) -> None:
        slugs = list(dict.fromkeys(projects))
        for slug in slugs:
            codec.split_project_slug(slug, "project")
        self.kinds = frozenset(kinds)
        unknown = self.kinds - set(KINDS)
        if unknown:
            raise ValueError(f"unknown record kinds {sorted(unknown)}; known: {', '.join(KINDS)}")
        if branch is not None and all_branches:
            raise ValueError("give branch or all_branches, not both")
        if concurrency is not None and concurrency < 1:
            raise ValueError(f"concurrency must be >= 1, got {concurrency!r}")
        self._cci = cci
        self.projects = slugs
        self.reporting_window = reporting_window or "last-90-days"
        self.branch = branch
        self.all_branches = all_branches
        self.start_date = start_date
        self.end_date = end_date
        bucket = cci.rate_limiter
        self.concurrency = concurrency or max(2, min(64, math.ceil(bucket.burst)))
        self.collected_on = collected_on or datetime.now(UTC).date()
        self.failures: list[ProjectFailure] = []
        self.stats = CollectStats(projects=len(slugs))
        self._label = _label(branch, all_branches)

    def __repr__(self) -> str:
        return f"Collection(projects={len(self.projects)}, kinds={sorted(self.kinds)})"

    async def __aiter__(self) -> AsyncIterator[Record]:
        bucket = self._cci.rate_limiter
        granted, throttled = bucket.granted, bucket.throttle_count
        stats = self.stats
        stats.started = time.monotonic()
        send, receive = anyio.create_memory_object_stream[Record](_BUFFER)

        def refresh() -> None:
            stats.requests = bucket.granted - granted
            stats.throttled = bucket.throttle_count - throttled
            stats.current_limit = bucket.rate

        # The producer runs in a task of its own (with its own task group), so the consumer
        # may stop early, even without closing this iterator: whichever task finalises the
        # iterator then cancels the producer, and no cancel scope spans two tasks.
        producer = asyncio.ensure_future(self._run_all(send))
        try:
            async with receive:
                async for record in receive:
                    stats.records += 1
                    refresh()
                    yield record
            await producer  # its error, if it failed
        except BaseExceptionGroup as group:
            leaves = _leaves(group)
            if len(leaves) == 1:  # unwrap a group of one at the public boundary
                raise leaves[0] from None
            raise
        finally:
            if not producer.done():
                producer.cancel()
                await asyncio.wait([producer])
            if not producer.cancelled():
                producer.exception()  # retrieved: never "Task exception was never retrieved"
            refresh()
            stats.finished = time.monotonic()
            self.failures.sort(key=lambda f: f.project_slug)

    async def _run_all(self, send: ObjectSendStream[Record]) -> None:
        limiter = anyio.CapacityLimiter(self.concurrency)
        async with send, anyio.create_task_group() as tg:
            for slug in self.projects:
                tg.start_soon(self._project, slug, send, limiter)

    async def _project(
        self, slug: str, send: ObjectSendStream[Record], limiter: anyio.CapacityLimiter
    ) -> None:
        errors: list[CircleCIError] = []
        seen: set[tuple[object, ...]] = set()

        async def emit(records: Iterable[Record]) -> None:
            for record in records:
                key = record_key(record)
                if key not in seen:
                    seen.add(key)
                    await send.send(record)

        async def guarded(step: Callable[[], Awaitable[None]]) -> None:
            for attempt in range(1, STEP_ATTEMPTS + 1):
                try:
                    await step()
                    return
                except RateLimited as exc:
                    # the client gave up waiting; records already sent are not sent twice
                    if attempt == STEP_ATTEMPTS:
                        errors.append(exc)
                except CircleCIError as exc:
                    errors.append(exc)
                    return

        async with limiter, anyio.create_task_group() as tg:
            if "flaky_test" in self.kinds:
                tg.start_soon(guarded, lambda: self._flaky(slug, emit))
            if "branch" in self.kinds:
                tg.start_soon(guarded, lambda: self._branches(slug, emit))
            tg.start_soon(guarded, lambda: self._workflows(slug, emit, tg, guarded))
        if errors:
            first = errors[0]
            status = first.status if isinstance(first, APIStatusError) else None
            self.failures.append(ProjectFailure(slug, str(first), status))
            self.stats.projects_failed += 1
        self.stats.projects_done += 1

    async def _workflows(
        self,
        slug: str,
        emit: Callable[[Iterable[Record]], Awaitable[None]],
        tg: anyio.abc.TaskGroup,
        guarded: Guard,
    ) -> None:
        per_workflow = self.kinds & {
            "workflow_run",
            "job_metrics",
            "workflow_summary",
            "test_metric",
        }
        if not per_workflow and "workflow_metrics" not in self.kinds:
            return
        cci, label = self._cci, self._label
        pager = cci.insights.workflows(
            slug,
            branch=self.branch,
            all_branches=self.all_branches or None,
            reporting_window=self.reporting_window,
        )
        async for page in pager.pages():
            if "workflow_metrics" in self.kinds:
                await emit(
                    WorkflowMetricsRecord(
                        project_slug=slug,
                        workflow_name=w.name,
                        branch=label,
                        reporting_window=self.reporting_window,
                        collected_on=self.collected_on,
                        window_start=w.window_start,
                        window_end=w.window_end,
                        total_runs=w.metrics.total_runs,
                        successful_runs=w.metrics.successful_runs,
                        failed_runs=w.metrics.failed_runs,
                        success_rate=w.metrics.success_rate,
                        throughput=w.metrics.throughput,
                        mttr=w.metrics.mttr,
                        total_recoveries=w.metrics.total_recoveries,
                        total_credits_used=w.metrics.total_credits_used,
                        duration_min=w.metrics.duration_metrics.min,
                        duration_mean=w.metrics.duration_metrics.mean,
                        duration_median=w.metrics.duration_metrics.median,
                        duration_p95=w.metrics.duration_metrics.p95,
                        duration_max=w.metrics.duration_metrics.max,
                        duration_stddev=w.metrics.duration_metrics.standard_deviation,
                    )
                    for w in page
                )
            for w in page:
                if "workflow_run" in self.kinds:
                    tg.start_soon(guarded, partial(self._runs, slug, w.name, emit))
                if "job_metrics" in self.kinds:
                    tg.start_soon(guarded, partial(self._jobs, slug, w.name, emit))
                if "workflow_summary" in self.kinds:
                    tg.start_soon(guarded, partial(self._summary, slug, w.name, emit))
                if "test_metric" in self.kinds:
                    tg.start_soon(guarded, partial(self._tests, slug, w.name, emit))

    async def _runs(
        self, slug: str, name: str, emit: Callable[[Iterable[Record]], Awaitable[None]]
    ) -> None:
        pager = self._cci.insights.workflow_runs(
            slug,
            name,
            branch=self.branch,
            all_branches=self.all_branches or None,
            start_date=self.start_date,
            end_date=self.end_date,
        )
        async for page in pager.pages():
            await emit(
                WorkflowRunRecord(
                    project_slug=slug,
                    id=str(r.id),
                    workflow_name=name,
                    branch=r.branch,
                    status=r.status,
                    created_at=r.created_at,
                    stopped_at=r.stopped_at,
                    duration=r.duration,
                    credits_used=r.credits_used,
                    is_approval=r.is_approval,
                )
                for r in page
                if r.id is not None
            )

    async def _jobs(
        self, slug: str, name: str, emit: Callable[[Iterable[Record]], Awaitable[None]]
    ) -> None:
        pager = self._cci.insights.workflow_jobs(
            slug,
            name,
            branch=self.branch,
            all_branches=self.all_branches or None,
            reporting_window=self.reporting_window,
        )
        async for page in pager.pages():
            await emit(
                JobMetricsRecord(
                    project_slug=slug,
                    workflow_name=name,
                    job_name=j.name,
                    branch=self._label,
                    reporting_window=self.reporting_window,
                    collected_on=self.collected_on,
                    window_start=j.window_start,
                    window_end=j.window_end,
                    total_runs=j.metrics.total_runs,
                    successful_runs=j.metrics.successful_runs,
                    failed_runs=j.metrics.failed_runs,
                    success_rate=j.metrics.success_rate,
                    throughput=j.metrics.throughput,
                    total_credits_used=j.metrics.total_credits_used,
                    duration_min=j.metrics.duration_metrics.min,
                    duration_mean=j.metrics.duration_metrics.mean,
                    duration_median=j.metrics.duration_metrics.median,
                    duration_p95=j.metrics.duration_metrics.p95,
                    duration_max=j.metrics.duration_metrics.max,
                    duration_stddev=j.metrics.duration_metrics.standard_deviation,
                )
                for j in page
            )

    async def _summary(
        self, slug: str, name: str, emit: Callable[[Iterable[Record]], Awaitable[None]]
    ) -> None:
        s = await self._cci.insights.workflow_summary(
            slug, name, branch=self.branch, all_branches=self.all_branches or None
        )
        m, t = s.metrics, s.trends
        await emit(
            [
                WorkflowSummaryRecord(
                    project_slug=slug,
                    workflow_name=name,
                    branch=self._label,
                    collected_on=self.collected_on,
                    window_start=m.window_start,
                    window_end=m.window_end,
                    total_runs=m.total_runs,
                    successful_runs=m.successful_runs,
                    failed_runs=m.failed_runs,
                    completed_runs=m.completed_runs,
                    success_rate=m.success_rate,
                    throughput=m.throughput,
                    mttr=m.mttr,
                    total_credits_used=m.total_credits_used,
                    duration_median=m.duration_metrics.median,
                    duration_p95=m.duration_metrics.p95,
                    trend_total_runs=t.total_runs,
                    trend_failed_runs=t.failed_runs,
                    trend_success_rate=t.success_rate,
                    trend_p95_duration_secs=t.p95_duration_secs,
                    trend_median_duration_secs=t.median_duration_secs,
                    trend_total_credits_used=t.total_credits_used,
                    trend_mttr=t.mttr,
                    trend_throughput=t.throughput,
                )
            ]
        )

    async def _tests(
        self, slug: str, name: str, emit: Callable[[Iterable[Record]], Awaitable[None]]
    ) -> None:
        metrics = await self._cci.insights.test_metrics(
            slug, name, branch=self.branch, all_branches=self.all_branches or None
        )
        await emit(
            TestMetricRecord(
                project_slug=slug,
                workflow_name=name,
                branch=self._label,
                job_name=t.job_name or "",
                classname=t.classname or "",
                test_name=t.test_name or "",
                collected_on=self.collected_on,
                file=t.file,
                total_runs=t.total_runs,
                failed_runs=t.failed_runs,
                p95_duration=t.p95_duration,
                flaky=t.flaky,
            )
            for t in [*metrics.most_failed_tests, *metrics.slowest_tests]
        )

    async def _flaky(self, slug: str, emit: Callable[[Iterable[Record]], Awaitable[None]]) -> None:
        flaky = await self._cci.insights.flaky_tests(slug)
        await emit(
            FlakyTestRecord(
                project_slug=slug,
                workflow_name=t.workflow_name or "",
                job_name=t.job_name or "",
                classname=t.classname or "",
                test_name=t.test_name or "",
                collected_on=self.collected_on,
                file=t.file,
                times_flaked=t.times_flaked,
                time_wasted=t.time_wasted,
                job_number=t.job_number,
                pipeline_number=t.pipeline_number,
                workflow_id=_id(t.workflow_id),
                workflow_created_at=t.workflow_created_at,
            )
            for t in flaky.flaky_tests
        )

    async def _branches(
        self, slug: str, emit: Callable[[Iterable[Record]], Awaitable[None]]
    ) -> None:
        result = await self._cci.insights.branches(slug)
        await emit(BranchRecord(project_slug=slug, branch=b) for b in result.branches)


def collect(
    cci: CircleCI,
    projects: Iterable[str],
    *,
    kinds: Iterable[str] = DEFAULT_KINDS,
    reporting_window: str | None = None,
    branch: str | None = None,
    all_branches: bool = False,
    start_date: datetime | str | None = None,
    end_date: datetime | str | None = None,
    concurrency: int | None = None,
    collected_on: date | None = None,
) -> Collection:
    """Collect insights records for ``projects`` (slugs); iterate the result.

    ``kinds`` picks among :data:`~circleci_async.insights.records.KINDS` (all by default).
    ``start_date``/``end_date`` bound workflow runs; ``reporting_window`` applies to metrics.
    ``concurrency`` caps how many projects are in progress at once (default: the bucket's
    burst); the client's token bucket paces every request whatever the width.
    ``collected_on`` (default: today, UTC) goes into the natural key of metric records, so a
    rerun the same day replaces rows and a daily run adds one snapshot a day. Bad slugs
    raise ``ValueError`` before any request.
    """
    return Collection(
        cci,
        projects,
        kinds=kinds,
        reporting_window=reporting_window,
        branch=branch,
        all_branches=all_branches,
        start_date=start_date,
        end_date=end_date,
        concurrency=concurrency,
        collected_on=collected_on,
    )
