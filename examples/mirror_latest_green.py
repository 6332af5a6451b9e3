"""Mirror the artifacts of the latest pipeline on a branch whose workflows all succeeded.

    python examples/mirror_latest_green.py --fake
    python examples/mirror_latest_green.py gh/acme/api --branch main --dest ./artifacts

Files land in <dest>/<job number>/<node index>/<path>.
Exit status 1 when no green pipeline was found or a file failed.
"""

from __future__ import annotations

import asyncio
import sys

import _support

from circleci_async import ArtifactDownloader, CircleCI
from circleci_async.artifacts import DestinationError
from circleci_async.models.v2.pipelines import Pipeline
from circleci_async.testing import FakeData


def fake_data() -> FakeData:
    """The data for --fake: the seeded pipelines, then two newer ones on main, not green."""
    data = FakeData()
    data.add_pipeline("gh/acme/api", branch="main", status="failed")
    data.start_pipeline("gh/acme/api", actor="octocat", branch="main")  # still running
    return data


async def latest_green(cci: CircleCI, slug: str, branch: str, limit: int) -> Pipeline | None:
    """The newest pipeline of ``branch`` whose workflows all succeeded, among the last ``limit``."""
    checked = 0
    # Newest first; pages are fetched only as the loop needs them, so this usually costs one.
    async for pipeline in cci.pipelines.list(slug, branch=branch):
        workflows = await cci.pipelines.workflows(pipeline.id).collect()
        if workflows and all(wf.status == "success" for wf in workflows):
            return pipeline
        statuses = ", ".join(f"{wf.name}={wf.status}" for wf in workflows) or "no workflows"
        print(f"pipeline {pipeline.number}: skipped ({statuses})")
        checked += 1
        if checked >= limit:
            break
    return None


async def main() -> int:
    p = _support.parser("Mirror the artifacts of the latest green pipeline of a branch.")
    p.add_argument("project", nargs="?", help="project slug (default with --fake: gh/acme/api)")
    p.add_argument("--branch", default="main")
    p.add_argument("--dest", default="./artifacts", help="directory to mirror into")
    p.add_argument("--limit", type=int, default=100, help="pipelines to look at, at most")
    args = p.parse_args()
    slug = args.project or ("gh/acme/api" if args.fake else None)
    if slug is None:
        p.error("a project slug like gh/org/repo is required")

    async with _support.client(args.fake, fake_data() if args.fake else None) as cci:
        pipeline = await latest_green(cci, slug, args.branch, args.limit)
        if pipeline is None:
            print(f"no green pipeline among the last {args.limit} on {args.branch} of {slug}")
            return 1
        print(f"pipeline {pipeline.number}: green, mirroring its artifacts into {args.dest}")
        try:
            report = await ArtifactDownloader(cci, args.dest).pipeline(pipeline.id)
        except DestinationError as exc:  # not writable, or another run holds its lock
            print(f"cannot use {args.dest}: {exc}", file=sys.stderr)
            return 1

    print(report.summary())
    for failure in report.failures:
        print(f"failed: {failure.what}: {failure.reason}", file=sys.stderr)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
