"""Trigger a pipeline with parameters, then wait until all of its workflows have finished.

    python examples/trigger_and_wait.py --fake
    python examples/trigger_and_wait.py gh/acme/api --branch main --param deploy=true

Exit status: 0 when every workflow succeeded, 1 when one did not (or none was started),
2 on timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import time

import _support

from circleci_async.testing import FakeData

#: Workflow statuses that will not change any more (``on_hold`` waits for an approval).
TERMINAL = {"success", "failed", "error", "canceled", "not_run", "unauthorized"}
MAX_INTERVAL = 30.0


def parameter(text: str) -> tuple[str, str | int | bool]:
    """``key=value``, with ``true``/``false`` as booleans and whole numbers as ints."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected key=value, got {text!r}")
    if value.lower() in ("true", "false"):
        return key, value.lower() == "true"
    if re.fullmatch(r"-?\d+", value):
        return key, int(value)
    return key, value


def fake_data() -> FakeData:
    """The data for --fake: a started pipeline moves one step each time it is polled.

    Its workflows advance each time they are listed, so polling sees them finish; on branch
    ``broken`` the last job fails.
    """
    data = FakeData(advance_on_read=True)
    data.failing_branches.add("broken")
    return data


async def main() -> int:
    p = _support.parser("Trigger a pipeline and wait for its workflows.")
    p.add_argument("project", nargs="?", help="project slug (default with --fake: gh/acme/api)")
    p.add_argument("--branch", help="branch to build (default: the project's default branch)")
    p.add_argument("--param", type=parameter, action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--timeout", type=float, default=3600, help="seconds to wait in all")
    p.add_argument("--interval", type=float, default=2, help="first wait between polls, seconds")
    args = p.parse_args()
    project = args.project or ("gh/acme/api" if args.fake else None)
    if project is None or project.count("/") != 2:
        p.error("a project slug like gh/org/repo is required")
    parameters = dict(args.param)

    async with _support.client(args.fake, fake_data() if args.fake else None) as cci:
        # pipelines.run, not pipelines.trigger: trigger (POST /project/{slug}/pipeline) is
        # deprecated and cannot start pipelines of GitHub App projects, whose slugs look like
        # circleci/<org id>/<project id>; run takes the three parts of either kind of slug.
        checkout = {"branch": args.branch} if args.branch else None
        result = await cci.pipelines.run(
            *project.split("/"), config=checkout, checkout=checkout, parameters=parameters
        )
        if not result.created or result.id is None:
            print(f"no pipeline was started: {result.message}")
            return 1
        print(f"pipeline {result.number} started, parameters {parameters}")

        deadline = time.monotonic() + args.timeout
        interval = args.interval
        seen: dict[str, str] = {}  # workflow id -> last status printed
        while True:
            workflows = await cci.pipelines.workflows(result.id).collect()
            for wf in workflows:
                if seen.get(wf.id) != wf.status:
                    seen[wf.id] = wf.status
                    print(f"{wf.name}: {wf.status}")
            if workflows and all(wf.status in TERMINAL for wf in workflows):
                break
            if not workflows:  # not created yet, or never will be when the config is invalid
                pipeline = await cci.pipelines.get(result.id)
                if pipeline.state == "errored":
                    print(f"pipeline {result.number} errored: {pipeline.errors}")
                    return 1
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                print(f"pipeline {result.number}: timed out after {args.timeout:g} s")
                return 2
            await asyncio.sleep(min(interval, remaining))
            interval = min(interval * 1.5, MAX_INTERVAL)  # back off gently

    states = ", ".join(f"{wf.name}={wf.status}" for wf in workflows)
    print(f"pipeline {result.number}: {len(workflows)} workflow(s) finished: {states}")
    return 0 if all(wf.status == "success" for wf in workflows) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
