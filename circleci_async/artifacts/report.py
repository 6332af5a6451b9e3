"""What a download run returns: counts, bytes, time, throughput and every failure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["DownloadReport", "Failure", "ProgressEvent"]

EventKind = Literal["listed", "started", "bytes", "downloaded", "skipped", "failed"]


@dataclass(frozen=True, slots=True)
class Failure:
    """One file (or one listing) that failed, and why."""

    what: str
    """The destination-relative file, or the listing that failed (``job 42 of gh/o/r``)."""
    reason: str
    url: str = ""
    """The artifact URL without its query string (empty for listing failures)."""


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """One step of a run, passed to ``on_progress``.

    ``listed``: a file was found (``size`` is ``None`` until the server says);
    ``started``: its transfer began (``size`` from ``Content-Length`` when known);
    ``bytes``: ``nbytes`` more bytes arrived; ``downloaded`` / ``skipped`` / ``failed``: done.
    """

    kind: EventKind
    file: str
    nbytes: int = 0
    size: int | None = None
    reason: str = ""


@dataclass(slots=True)
class DownloadReport:
    """Result of one run. ``ok`` is true when nothing failed."""

    dest: str
    listed: int = 0
    downloaded: int = 0
    skipped: int = 0
    failed: int = 0
    bytes: int = 0
    """Bytes transferred in this run (skipped files do not count)."""
    elapsed: float = 0.0
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every file and every listing succeeded."""
        return not self.failures

    @property
    def throughput(self) -> float:
        """Bytes per second over the whole run."""
        return self.bytes / self.elapsed if self.elapsed > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (what ``--json`` prints)."""
        return {
            "dest": self.dest,
            "listed": self.listed,
            "downloaded": self.downloaded,
            "skipped": self.skipped,
            "failed": self.failed,
            "bytes": self.bytes,
            "elapsed": round(self.elapsed, 3),
            "throughput": round(self.throughput, 1),
            "failures": [{"what": f.what, "reason": f.reason, "url": f.url} for f in self.failures],
        }

    def summary(self) -> str:
        """One human line: counts, bytes, time and rate."""
        mb = self.bytes / 1e6
        return (
            f"{self.downloaded} downloaded, {self.skipped} skipped, {self.failed} failed; "
            f"{mb:.1f} MB in {self.elapsed:.2f} s ({self.throughput / 1e6:.1f} MB/s)"
        )
