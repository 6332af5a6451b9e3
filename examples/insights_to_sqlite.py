"""Collect insights for many projects into one SQLite file, then count its rows per kind.

    python examples/insights_to_sqlite.py --fake
    python examples/insights_to_sqlite.py gh/acme/api gh/acme/web --db insights.sqlite
    python examples/insights_to_sqlite.py --projects-from ci.txt --reporting-window last-7-days

The SQLite export keys every row by its natural id (run id; project, workflow, job, branch,
window and collection date for metrics), so running this again the same day updates rows
instead of adding them: the second run prints ``+0`` for every kind.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import sys
from datetime import date
from pathlib import Path

from _support import client, parser

from circleci_async.insights import KINDS, collect, open_writer
from circleci_async.models.v2.insights import ReportingWindow
from circleci_async.testing import FakeData


def read_projects(slugs: list[str], projects_from: Path | None) -> list[str]:
    """Slugs from the command line plus those of ``projects_from`` (one a line, ``#`` comments)."""
    out = list(slugs)
    if projects_from is not None:
        for line in projects_from.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(line)
    return out


def row_counts(db: Path) -> dict[str, int]:
    """Rows per kind in the export (0 for a table, or a file, that does not exist yet)."""
    counts = dict.fromkeys(KINDS, 0)
    if not db.exists():
        return counts
    with contextlib.closing(sqlite3.connect(db)) as conn:  # a table per kind, named after it
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
        for kind in KINDS:
            if kind in tables:
                counts[kind] = conn.execute(f'SELECT count(*) FROM "{kind}"').fetchone()[0]
    return counts


async def main() -> int:
    """Collect, write, read back and report; exit status 1 when a project failed."""
    p = parser(__doc__.splitlines()[0])
    p.add_argument("projects", nargs="*", metavar="PROJECT_SLUG", help="e.g. gh/acme/api")
    p.add_argument("--projects-from", type=Path, metavar="FILE", help="more slugs, one a line")
    p.add_argument("--db", type=Path, default=Path("insights.sqlite"), help="the SQLite file")
    p.add_argument(
        "--reporting-window",
        choices=[w.value for w in ReportingWindow],
        default=ReportingWindow.LAST_90_DAYS.value,
    )
    p.add_argument(
        "--collected-on",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the collection date in the metric rows' keys (default: today, UTC)",
    )
    args = p.parse_args()
    data = FakeData() if args.fake else None
    projects = read_projects(args.projects, args.projects_from)
    if not projects and data is not None:
        projects = list(data.projects)  # the fake's own: gh/acme/api, gh/acme/web, gh/oss/lib
    if not projects:
        p.error("give PROJECT_SLUG arguments or --projects-from FILE")

    before = row_counts(args.db)
    async with client(args.fake, data) as cci:
        # One token bucket for every request: the fan-out over projects and workflows goes
        # as fast as the client's rate limit allows, and a failing project does not stop
        # the others (it lands in collection.failures).
        collection = collect(
            cci,
            projects,
            reporting_window=args.reporting_window,
            collected_on=args.collected_on,
        )
        with open_writer(args.db) as out:  # .sqlite: upserts, committed on close
            async for record in collection:
                out.write(record)

    stats = collection.stats
    print(
        f"collected {len(collection.projects)} project(s) into {args.db}: "
        f"{stats.records} records, {stats.requests} requests, {stats.elapsed:.1f} s"
    )
    after = row_counts(args.db)
    print(f"rows in {args.db} (change since before this run):")
    for kind, count in after.items():
        print(f"  {kind:<18} {count:>6}  ({count - before[kind]:+d})")
    for failure in collection.failures:
        print(f"failed {failure.project_slug}: {failure.error}", file=sys.stderr)
    print(f"{len(collection.failures)} failed project(s)")
    return 1 if collection.failures else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
