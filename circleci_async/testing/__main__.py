"""Serve the fake CircleCI until interrupted: ``python -m circleci_async.testing``.

Prints one JSON line with ``url``, ``token``, ``artifacts_url`` and ``storage_url`` first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from circleci_async.testing.data import FakeData
from circleci_async.testing.server import FakeCircleCI, Faults


async def _serve(args: argparse.Namespace) -> None:
    faults = Faults(rate_limit=args.rate_limit, latency=args.latency)
    data = FakeData(seed=args.seed, projects=args.projects)
    if args.pipelines:
        data.add_pipelines(next(iter(data.projects)), args.pipelines)
    async with FakeCircleCI(data=data, faults=faults, page_size=args.page_size) as fake:
        info = {
            "url": fake.url,
            "token": fake.token,
            "artifacts_url": fake.artifacts_url,
            "storage_url": fake.storage_url,
        }
        print(json.dumps(info), flush=True)
        await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> int:
    """Run the server from the command line."""
    parser = argparse.ArgumentParser(prog="python -m circleci_async.testing")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--projects", type=int, default=3)
    parser.add_argument("--rate-limit", type=float, default=None, help="server 429s above R/s")
    parser.add_argument("--latency", type=float, default=0.0, help="added seconds per request")
    parser.add_argument("--page-size", type=int, default=20, help="items per v2 page")
    parser.add_argument(
        "--pipelines", type=int, default=0, help="extra light pipelines in the first project"
    )
    args = parser.parse_args(argv)
    try:
        asyncio.run(_serve(args))
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
