"""``circleci-async artifacts …``: download, mirror and list artifacts from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.live import Live
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from circleci_async.artifacts import sources
from circleci_async.artifacts.pool import DEFAULT_CONCURRENCY, ArtifactDownloader
from circleci_async.artifacts.report import DownloadReport, ProgressEvent

if TYPE_CHECKING:
    from circleci_async.client import CircleCI

__all__ = ["register", "run_with_display"]

ClientFactory = Callable[[argparse.Namespace], "CircleCI"]


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


class _Display:
    """A rich progress display: files done of listed (with ETA), bytes and rate, active files."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[extra]}"),
            console=console,
            transient=False,
        )
        self.bytes = Progress(
            TextColumn("[bold]{task.description}"),
            DownloadColumn(),
            TransferSpeedColumn(),
            TextColumn("{task.fields[extra]}"),
            console=console,
        )
        self.files: TaskID = self.progress.add_task("files", total=0, extra="")
        self.data: TaskID = self.bytes.add_task("bytes", total=None, extra="")
        self.listed = 0
        self.active: set[str] = set()
        self.failed = 0

    def __call__(self, event: ProgressEvent) -> None:
        kind = event.kind
        if kind == "listed":
            self.listed += 1
            self.progress.update(self.files, total=self.listed)
        elif kind == "started":
            self.active.add(event.file)
        elif kind == "bytes":
            self.bytes.advance(self.data, event.nbytes)
        else:
            self.active.discard(event.file)
            if kind == "failed":
                self.failed += 1
            self.progress.update(self.files, advance=1)
        if kind != "bytes":
            name = min(self.active, default="")
            if len(name) > 40:
                name = "…" + name[-39:]
            failed = f"[red]{self.failed} failed[/red] " if self.failed else ""
            self.progress.update(self.files, extra=failed)
            self.bytes.update(self.data, extra=f"{len(self.active)} active {name}")


async def run_with_display(
    downloader: ArtifactDownloader, source: list[Any], console: Console, show: bool
) -> DownloadReport:
    """Run ``downloader`` over ``source``, with a live progress display when ``show``."""
    if not show:
        return await downloader.run(*source)
    display = _Display(console)
    downloader.on_progress = display
    with Live(Group(display.progress, display.bytes), console=console, refresh_per_second=8):
        return await downloader.run(*source)


async def _run(
    args: argparse.Namespace,
    make_client: ClientFactory,
    build: Callable[[CircleCI], Any],
) -> int:
    out = Console()
    show = not args.quiet and not args.json and out.is_terminal
    async with make_client(args) as cci:
        downloader = ArtifactDownloader(
            cci,
            args.dest,
            concurrency=args.concurrency,
            max_transfers=args.max_transfers,
            checksums=args.checksums,
        )
        report = await run_with_display(downloader, build(cci), out, show)
    _print_report(report, args, out)
    return 0 if report.ok else 1


def _print_report(report: DownloadReport, args: argparse.Namespace, out: Console) -> None:
    if args.json:
        print(json.dumps(report.to_dict()))
        return
    out.print(report.summary(), highlight=False)
    err = Console(stderr=True)
    for failure in report.failures:
        err.print(f"[red]failed:[/red] {failure.what}: {failure.reason}", highlight=False)


def _download_sources(args: argparse.Namespace) -> Callable[[CircleCI], Any]:
    def build(cci: CircleCI) -> Any:
        return [sources.job_artifacts(cci, args.project_slug, n) for n in args.job_numbers]

    return build


def _mirror_sources(args: argparse.Namespace) -> Callable[[CircleCI], Any]:
    def build(cci: CircleCI) -> Any:
        return [
            sources.project_artifacts(
                cci,
                args.project_slug,
                branch=args.branch,
                pipelines=args.pipelines,
                workflow_name=args.workflow,
                job_name=args.job,
            )
        ]

    return build


def _workflow_sources(args: argparse.Namespace) -> Callable[[CircleCI], Any]:
    def build(cci: CircleCI) -> Any:
        return [sources.workflow_artifacts(cci, args.workflow_id, job_name=args.job)]

    return build


def _pipeline_sources(args: argparse.Namespace) -> Callable[[CircleCI], Any]:
    def build(cci: CircleCI) -> Any:
        return [
            sources.pipeline_artifacts(
                cci, args.pipeline_id, workflow_name=args.workflow, job_name=args.job
            )
        ]

    return build


async def _list(args: argparse.Namespace, make_client: ClientFactory) -> int:
    failed = False
    rows: list[dict[str, Any]] = []
    async with make_client(args) as cci:
        for number in args.job_numbers:
            async for item in sources.job_artifacts(cci, args.project_slug, number):
                if isinstance(item, sources.SourceFailure):
                    failed = True
                    Console(stderr=True).print(
                        f"[red]failed:[/red] {item.what}: {item.reason}", highlight=False
                    )
                    continue
                row = {
                    "job": item.job,
                    "node_index": item.node_index,
                    "path": item.path,
                    "url": item.url,
                }
                if args.json:
                    print(json.dumps(row))
                else:
                    rows.append(row)
    for row in rows:
        sys.stdout.write(f"{row['job']}\t{row['node_index']}\t{row['path']}\t{row['url']}\n")
    return 1 if failed else 0


def register(
    sub: Any,
    add_common: Callable[[argparse.ArgumentParser], None],
    make_client: ClientFactory,
) -> None:
    """Add ``artifacts download|mirror|workflow|pipeline|list`` to the command's subparsers."""
    top = sub.add_parser("artifacts", help="download, mirror and list job artifacts")
    asub = top.add_subparsers(dest="artifacts_command", metavar="ACTION", required=True)

    def downloading(name: str, help_: str, build: Callable[..., Any]) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = asub.add_parser(name, help=help_, description=help_)
        add_common(p)
        p.add_argument("--dest", required=True, help="destination directory (created)")
        p.add_argument(
            "--concurrency",
            type=_positive,
            default=DEFAULT_CONCURRENCY,
            help=f"files downloaded at once (default {DEFAULT_CONCURRENCY})",
        )
        p.add_argument("--max-transfers", type=_positive, help="cap on simultaneous transfers")
        p.add_argument(
            "--no-checksums",
            dest="checksums",
            action="store_false",
            help="leave SHA-256 out of the manifest (saves CPU on large files)",
        )

        async def run(args: argparse.Namespace) -> int:
            return await _run(args, make_client, build(args))

        p.set_defaults(run=run)
        return p

    d = downloading(
        "download", "download the artifacts of jobs into DEST/JOB/NODE/PATH", _download_sources
    )
    d.add_argument("project_slug", metavar="PROJECT_SLUG", help="e.g. gh/org/repo")
    d.add_argument("job_numbers", metavar="JOB_NUMBER", nargs="+", type=_positive)

    m = downloading(
        "mirror", "mirror the artifacts of a project's latest pipelines", _mirror_sources
    )
    m.add_argument("project_slug", metavar="PROJECT_SLUG", help="e.g. gh/org/repo")
    m.add_argument("--branch", help="only pipelines of this branch")
    m.add_argument(
        "--pipelines", type=_positive, default=1, help="how many latest pipelines (default 1)"
    )
    m.add_argument("--workflow", help="only workflows with this name")
    m.add_argument("--job", help="only jobs with this name")

    w = downloading(
        "workflow", "download the artifacts of every job of a workflow", _workflow_sources
    )
    w.add_argument("workflow_id", metavar="WORKFLOW_ID")
    w.add_argument("--job", help="only jobs with this name")

    p = downloading(
        "pipeline", "download the artifacts of every job of a pipeline", _pipeline_sources
    )
    p.add_argument("pipeline_id", metavar="PIPELINE_ID")
    p.add_argument("--workflow", help="only workflows with this name")
    p.add_argument("--job", help="only jobs with this name")

    def latest_sources(args: argparse.Namespace) -> Callable[[CircleCI], Any]:
        def build(cci: CircleCI) -> Any:
            return [
                sources.v1_latest_artifacts(
                    cci, args.project_slug, branch=args.branch, filter=args.filter
                )
            ]

        return build

    lt = downloading(
        "latest",
        "download the artifacts of the latest build into DEST/latest (v1.1)",
        latest_sources,
    )
    lt.add_argument("project_slug", metavar="PROJECT_SLUG", help="e.g. gh/org/repo")
    lt.add_argument("--branch", help="latest build of this branch")
    lt.add_argument("--filter", choices=["completed", "successful", "failed", "running"])

    ls = asub.add_parser("list", help="list the artifacts of jobs (tab-separated, or --json lines)")
    add_common(ls)
    ls.add_argument("project_slug", metavar="PROJECT_SLUG")
    ls.add_argument("job_numbers", metavar="JOB_NUMBER", nargs="+", type=_positive)

    async def run_list(args: argparse.Namespace) -> int:
        return await _list(args, make_client)

    ls.set_defaults(run=run_list)
