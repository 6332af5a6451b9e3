"""Report a project's flaky tests and the jobs that failed in its last day of pipelines.

python examples/flaky_and_failing.py --fake
python examples/flaky_and_failing.py gh/acme/api --since 48
python examples/flaky_and_failing.py gh/acme/api --until 2026-11-01T12:00:00Z --no-tests
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from _support import client, parser

from circleci_async import CircleCI
from circleci_async.testing import FakeData
from circleci_async.testing.data import BASE_TIME


@dataclass
class FailedJob:
    """A failed job, where it ran, and the names of its failing tests."""

    pipeline_number: int
    branch: str
    workflow: str
    name: str
    number: int | None
    failing_tests: list[str] = field(default_factory=list)


def fake_data() -> FakeData:
    """The fake's seeded data plus a fresh pipeline whose ``test`` job failed on a test.

    The seeded failures are all ``lint`` jobs, which report no tests; this one does.
    """
    data = FakeData()
    pipeline = data.add_pipeline(
        "gh/acme/api",
        created_at=BASE_TIME - timedelta(minutes=30),
        jobs=("build", "test"),
        status="failed",  # a failed workflow fails its last job
    )
    test_job = pipeline.workflows[0].jobs[-1]
    test_job.tests[0].result = "failure"
    test_job.tests[0].message = "AssertionError: expected 200, got 500"
    return data


async def failed_jobs(
    cci: CircleCI, slug: str, since: datetime, until: datetime, *, with_tests: bool
) -> tuple[list[FailedJob], int]:
    """Failed jobs of the pipelines created from ``since`` to ``until``, newest first.

    Also returns how many pipelines were read (the window's, plus the one that ended it).
    """
    out: list[FailedJob] = []
    read = 0
    # pipelines.list is newest first and lazy: breaking out stops paging, so only the pages
    # that reach back to ``since`` are fetched.
    async for pipeline in cci.pipelines.list(slug):
        read += 1
        if pipeline.created_at is None or pipeline.created_at < since:
            break
        if pipeline.created_at > until:
            continue
        branch = pipeline.vcs.branch if pipeline.vcs and pipeline.vcs.branch else "-"
        async for workflow in cci.pipelines.workflows(pipeline.id):
            async for job in cci.workflows.jobs(workflow.id):
                if job.status != "failed":
                    continue
                failed = FailedJob(pipeline.number, branch, workflow.name, job.name, job.job_number)
                if with_tests and job.job_number is not None:
                    failed.failing_tests = [
                        f"{t.classname}.{t.name}: {t.message or t.result}"
                        async for t in cci.jobs.tests(slug, job.job_number)
                        if t.result in ("failure", "error")
                    ]
                out.append(failed)
    return out, read


def parse_time(text: str) -> datetime:
    """An ISO 8601 time; naive means UTC."""
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


async def main() -> int:
    """Print the flaky tests and the failed jobs of the window, then the counts."""
    p = parser(__doc__.splitlines()[0])
    p.add_argument(
        "project", nargs="?", metavar="PROJECT_SLUG", help="default in --fake: gh/acme/api"
    )
    p.add_argument("--since", type=float, default=24.0, metavar="HOURS", help="window length")
    p.add_argument(
        "--until",
        type=parse_time,
        metavar="TIME",
        help="window end, ISO 8601 (default: now; in --fake: the newest pipeline's creation)",
    )
    p.add_argument("--no-tests", action="store_true", help="skip the failed jobs' test results")
    args = p.parse_args()
    slug = args.project or ("gh/acme/api" if args.fake else None)
    if slug is None:
        p.error("give a PROJECT_SLUG")

    async with client(args.fake, fake_data() if args.fake else None) as cci:
        until = args.until
        if until is None and args.fake:
            # The fake's data is timestamped before a fixed BASE_TIME (November 2026), not
            # before today: measured from now, its "last day" would be empty. Anchor the
            # window at its newest pipeline instead.
            newest = await cci.pipelines.list(slug).first()
            until = newest.created_at if newest and newest.created_at else BASE_TIME
        until = (until or datetime.now(UTC)).astimezone(UTC)
        since = until - timedelta(hours=args.since)
        # The flaky tests and the pipeline walk are independent: run them concurrently.
        async with asyncio.TaskGroup() as tg:
            flaky_task = tg.create_task(cci.insights.flaky_tests(slug))
            jobs_task = tg.create_task(
                failed_jobs(cci, slug, since, until, with_tests=not args.no_tests)
            )
        flaky = flaky_task.result().flaky_tests
        jobs, read = jobs_task.result()

    print(f"{slug}: flaky tests")
    for t in sorted(flaky, key=lambda t: -t.times_flaked):
        print(f"  {t.classname}.{t.test_name}  flaked {t.times_flaked}x in job {t.job_name}")
    window = f"{since:%Y-%m-%d %H:%M} to {until:%Y-%m-%d %H:%M} UTC"
    print(f"{slug}: failed jobs of the pipelines created from {window} ({read} pipelines read)")
    for j in jobs:
        number = f"#{j.number}" if j.number is not None else "(no number)"
        print(f"  pipeline {j.pipeline_number} ({j.branch}) {j.workflow} / {j.name} {number}")
        for test in j.failing_tests:
            print(f"      {test}")
    print(f"{len(flaky)} flaky test(s), {len(jobs)} failed job(s) in {args.since:g} h")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
