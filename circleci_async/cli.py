"""The ``circleci-async`` command.

Exit status: 0 when everything succeeded, 1 when some item failed, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Literal

from rich.console import Console
from rich.table import Table

from circleci_async import __version__
from circleci_async.client import CircleCI
from circleci_async.config import RateLimit
from circleci_async.errors import CircleCIError, ResponseDecodeError
from circleci_async.pagination import token_pages

__all__ = ["main"]

Command = Callable[[argparse.Namespace], Coroutine[Any, Any, int]]


def add_common(parser: argparse.ArgumentParser) -> None:
    """Add the flags every subcommand takes."""
    parser.add_argument(
        "--host", help="CircleCI base URL (default: $CIRCLECI_HOST or circleci.com)"
    )
    parser.add_argument("--token", help="API token (default: $CIRCLE_TOKEN or $CIRCLECI_TOKEN)")
    parser.add_argument("--rate", type=float, help="client-side request rate limit per second")
    parser.add_argument("--json", action="store_true", help="print a machine-readable summary")
    parser.add_argument("--quiet", action="store_true", help="no progress display")


def client_from_args(args: argparse.Namespace) -> CircleCI:
    """Build a client from the common flags."""
    rate_limit = None
    if args.rate is not None:
        if args.rate <= 0:
            raise ValueError(f"--rate must be > 0, got {args.rate}")
        rate_limit = RateLimit(per_second=args.rate, burst=max(1, int(args.rate * 2)))
    return CircleCI(args.token, host=args.host, rate_limit=rate_limit)


async def _demo(args: argparse.Namespace) -> int:
    from circleci_async.testing import FakeCircleCI

    console = Console(quiet=args.json)
    async with FakeCircleCI() as fake, CircleCI(host=fake.url, token=fake.token) as cci:
        console.print(f"[bold]Fake CircleCI[/bold] serving at {fake.url} (no real token needed)")
        me = await cci.users.me()
        console.print(f"Signed in as [cyan]{me.login}[/cyan] ({me.name})")
        project = await cci.projects.get("gh/acme/api")
        console.print(
            f"Project [cyan]{project.slug}[/cyan], default branch {project.vcs_info.default_branch}"
        )
        pipelines = await cci.pipelines.list(project.slug).collect(limit=5)
        table = Table(title=f"Latest pipelines of {project.slug}")
        for column in ("number", "branch", "state", "created"):
            table.add_column(column)
        for p in pipelines:
            branch = p.vcs.branch if p.vcs else ""
            created = p.created_at.isoformat() if p.created_at else ""
            table.add_row(str(p.number), branch or "", p.state, created)
        console.print(table)
        summary: dict[str, Any] = {
            "user": me.login,
            "project": project.slug,
            "pipelines": [p.number for p in pipelines],
        }
        summary["artifacts"] = await _demo_mirror(cci, project.slug, console, args)
        if args.json:
            print(json.dumps(summary))
    return 0


async def _demo_mirror(
    cci: CircleCI, slug: str, console: Console, args: argparse.Namespace
) -> dict[str, Any]:
    """Mirror the artifacts of the latest pipeline into a temporary directory."""
    import tempfile

    from circleci_async.artifacts import ArtifactDownloader, project_artifacts
    from circleci_async.artifacts._cli import run_with_display

    with tempfile.TemporaryDirectory(prefix="circleci-async-demo-") as dest:
        console.print(f"Mirroring the artifacts of the latest pipeline into {dest}")
        downloader = ArtifactDownloader(cci, dest)
        show = not args.quiet and not args.json and console.is_terminal
        source = [project_artifacts(cci, slug, pipelines=1)]
        report = await run_with_display(downloader, source, console, show)
        console.print(report.summary(), highlight=False)
    return report.to_dict()


async def _api(args: argparse.Namespace) -> int:
    method = args.method.upper()
    api: Literal["v2", "v1.1"] = "v1.1" if args.v1 else "v2"
    body: Any = None
    if args.data is not None:
        try:
            body = json.loads(args.data)
        except json.JSONDecodeError as exc:
            raise ValueError(f"--data is not valid JSON: {exc}") from None
    if args.paginate and method != "GET":
        raise ValueError("--paginate only applies to GET")
    if args.paginate and args.v1:
        raise ValueError("--paginate follows next_page_token, which only v2 has")
    async with client_from_args(args) as cci:
        if args.paginate:
            result: Any = await _paginate(cci, args.path)
        else:
            result = await cci.request(method, args.path, json=body, api=api)
    if isinstance(result, str):
        print(result)
    elif result is not None:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


async def _paginate(cci: CircleCI, path: str) -> list[Any]:
    """Follow ``next_page_token`` and return every page's ``items``, merged."""

    async def fetch(token: str | None) -> tuple[list[Any], str | None]:
        page = await cci.request("GET", path, params=[("page-token", token)] if token else None)
        if not isinstance(page, dict) or not isinstance(page.get("items"), list):
            raise ResponseDecodeError("--paginate needs an object with an items list", url=path)
        token = page.get("next_page_token")
        return page["items"], token if isinstance(token, str) else None

    return await token_pages(fetch, describe=path).collect()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the whole command."""
    parser = argparse.ArgumentParser(
        prog="circleci-async", description="Asyncio CircleCI API client and artifact downloader."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser("demo", help="run against an embedded fake CircleCI (no token needed)")
    add_common(demo)
    demo.set_defaults(run=_demo)
    api = sub.add_parser(
        "api",
        help="call any API path and print the JSON (like `gh api`)",
        description="Call METHOD PATH (relative to /api/v2, or /api/v1.1 with --v1) and print "
        "the response's JSON. Exit 1 on an HTTP error, 2 on bad usage.",
    )
    api.add_argument("method", metavar="METHOD", type=_http_method, help="GET, POST, PUT, …")
    api.add_argument("path", metavar="PATH", help="e.g. /me or /project/gh/org/repo/pipeline")
    api.add_argument("--data", help="request body as JSON text")
    api.add_argument(
        "--paginate", action="store_true", help="follow next_page_token; print all items"
    )
    api.add_argument("--v1", action="store_true", help="call API v1.1 instead of v2")
    add_common(api)
    api.set_defaults(run=_api)
    from circleci_async.artifacts import _cli as artifacts_cli

    artifacts_cli.register(sub, add_common, client_from_args)
    from circleci_async.insights import cli as insights_cli

    insights_cli.register(sub, add_common, client_from_args)
    return parser


def _http_method(value: str) -> str:
    method = value.upper()
    if method not in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"):
        raise argparse.ArgumentTypeError(f"unknown HTTP method {value!r}")
    return method


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Command | None = getattr(args, "run", None)
    if run is None:
        parser.print_help(sys.stderr)
        return 2
    err = Console(stderr=True)
    try:
        return asyncio.run(run(args))
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    except (ValueError, TypeError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        return 2
    except CircleCIError as exc:
        err.print(f"[red]error:[/red] {exc}")
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
