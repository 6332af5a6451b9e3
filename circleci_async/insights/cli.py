"""``circleci-async insights collect|summary``: the insights subcommands."""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from circleci_async.client import CircleCI
from circleci_async.insights.collect import collect
from circleci_async.insights.export import format_of, open_writer
from circleci_async.insights.records import KINDS, kind_of
from circleci_async.models.v2.insights import ReportingWindow

__all__ = ["register"]

_REFRESH_SECONDS = 0.1


def register(
    sub: Any,
    add_common: Callable[[argparse.ArgumentParser], None],
    client_from_args: Callable[[argparse.Namespace], CircleCI],
) -> None:
    """Add ``insights collect`` and ``insights summary`` to the command's subparsers."""
    insights = sub.add_parser("insights", help="collect and summarise workflow/job/test metrics")
    commands = insights.add_subparsers(dest="insights_command", metavar="COMMAND", required=True)

    run = commands.add_parser(
        "collect",
        help="collect insights of many projects into a .jsonl, .csv or .sqlite file",
        description="Collect workflow metrics, runs, job metrics, summaries, test metrics, "
        "flaky tests and branches of many projects, as fast as the rate limit allows. "
        "Exit status 1 when any project failed (the others still complete).",
    )
    add_common(run)
    run.add_argument("projects", nargs="*", metavar="PROJECT_SLUG", help="e.g. gh/acme/api")
    run.add_argument(
        "--projects-from", type=Path, metavar="FILE", help="read more slugs, one a line"
    )
    run.add_argument(
        "--out", required=True, type=Path, metavar="FILE", help="FILE.jsonl, FILE.csv or .sqlite"
    )
    _add_scope(run)
    run.add_argument("--since", metavar="DATE", help="workflow runs from this date (ISO 8601)")
    run.add_argument(
        "--kinds",
        metavar="KIND,…",
        help=f"record kinds to collect (default all: {', '.join(KINDS)})",
    )
    run.add_argument("--concurrency", type=int, help="projects in progress at once")
    run.set_defaults(run=lambda args: _collect(args, client_from_args))

    summary = commands.add_parser(
        "summary", help="print a project's workflow success rate, p95 duration, throughput"
    )
    add_common(summary)
    summary.add_argument("project", metavar="PROJECT_SLUG")
    _add_scope(summary)
    summary.set_defaults(run=lambda args: _summary(args, client_from_args))


def _add_scope(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reporting-window",
        choices=[w.value for w in ReportingWindow],
        default=ReportingWindow.LAST_90_DAYS.value,
    )
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--branch", help="one branch (default: the project's default branch)")
    scope.add_argument("--all-branches", action="store_true", help="every branch")


def _projects(args: argparse.Namespace) -> list[str]:
    slugs = list(args.projects)
    if args.projects_from is not None:
        try:
            text = args.projects_from.read_text(encoding="utf-8")
        except OSError as exc:
            raise ValueError(
                f"--projects-from: cannot read {str(args.projects_from)!r}: {exc}"
            ) from None
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                slugs.append(line)
    if not slugs:
        raise ValueError("no projects: give PROJECT_SLUG arguments or --projects-from FILE")
    return slugs


def _since(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"--since: {text!r} is not an ISO 8601 date or date-time") from None
    if len(text) == 10:  # a plain date: midnight UTC
        return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


async def _collect(
    args: argparse.Namespace, client_from_args: Callable[[argparse.Namespace], CircleCI]
) -> int:
    projects = _projects(args)
    format_of(args.out)  # an unknown suffix is bad usage, before any request
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()] if args.kinds else list(KINDS)
    err = Console(stderr=True, quiet=args.quiet)
    async with client_from_args(args) as cci:
        collection = collect(
            cci,
            projects,
            kinds=kinds,
            reporting_window=args.reporting_window,
            branch=args.branch,
            all_branches=args.all_branches,
            start_date=_since(args.since),
            concurrency=args.concurrency,
        )
        stats = collection.stats
        by_kind: Counter[str] = Counter()
        progress = Progress(
            TextColumn("projects"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[info]}"),
            TimeElapsedColumn(),
            console=err,
            disable=args.quiet,
        )
        task = progress.add_task("collect", total=len(projects), info="")

        def show() -> None:
            progress.update(
                task,
                completed=stats.projects_done,
                info=f"{stats.requests} requests, {stats.throttled} 429s, "
                f"{stats.rate:.1f}/s (limit {stats.current_limit:.1f}/s), "
                f"{stats.projects_failed} failed",
            )

        shown = 0.0
        with progress, open_writer(args.out) as writer:
            async for record in collection:
                writer.write(record)
                by_kind[kind_of(record)] += 1
                if time.monotonic() - shown > _REFRESH_SECONDS:
                    shown = time.monotonic()
                    show()
            show()
    for failure in collection.failures:
        err.print(f"[red]failed[/red] {failure.project_slug}: {failure.error}")
    summary = {
        "out": str(args.out),
        "format": format_of(args.out),
        "projects": len(collection.projects),
        "projects_failed": len(collection.failures),
        "records": stats.records,
        "records_by_kind": dict(sorted(by_kind.items())),
        "requests": stats.requests,
        "throttled": stats.throttled,
        "elapsed_seconds": round(stats.elapsed, 3),
        "requests_per_second": round(stats.rate, 2),
        "failures": [
            {"project_slug": f.project_slug, "status": f.status, "error": f.error}
            for f in collection.failures
        ],
    }
    if args.json:
        print(json.dumps(summary))
    else:
        Console(quiet=args.quiet).print(
            f"{stats.records} records from {len(collection.projects)} projects into {args.out} "
            f"({stats.requests} requests, {stats.throttled} 429s, {stats.elapsed:.1f} s); "
            f"{len(collection.failures)} failed"
        )
    return 1 if collection.failures else 0


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}m{secs:02d}s"


async def _summary(
    args: argparse.Namespace, client_from_args: Callable[[argparse.Namespace], CircleCI]
) -> int:
    async with client_from_args(args) as cci:
        workflows = await cci.insights.workflows(
            args.project,
            reporting_window=args.reporting_window,
            branch=args.branch,
            all_branches=args.all_branches or None,
        ).collect()
    rows = [
        {
            "workflow": w.name,
            "runs": w.metrics.total_runs,
            "success_rate": w.metrics.success_rate,
            "p95_duration_secs": w.metrics.duration_metrics.p95,
            "throughput_per_day": w.metrics.throughput,
            "credits": w.metrics.total_credits_used,
        }
        for w in workflows
    ]
    if args.json:
        print(json.dumps({"project": args.project, "workflows": rows}))
        return 0
    scope = "all branches" if args.all_branches else (args.branch or "default branch")
    table = Table(title=f"{args.project}: {args.reporting_window}, {scope}")
    for column in ("workflow", "runs", "success rate", "p95 duration", "throughput/day", "credits"):
        table.add_column(column, justify="left" if column == "workflow" else "right")
    for row in rows:
        table.add_row(
            str(row["workflow"]),
            str(row["runs"]),
            f"{row['success_rate']:.1%}",
            _duration(row["p95_duration_secs"]),  # type: ignore[arg-type]
            f"{row['throughput_per_day']:.2f}",
            "-" if row["credits"] is None else f"{row['credits']:,}",
        )
    Console(quiet=args.quiet).print(table)
    return 0
