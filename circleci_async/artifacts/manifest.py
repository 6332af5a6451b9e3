"""The destination's manifest (JSON lines) and the lock that keeps two runs apart."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any, TextIO

from circleci_async.errors import CircleCIError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, runs are not kept apart
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_NAME", "MANIFEST_NAME", "DestinationError", "DestinationLock", "Manifest"]

MANIFEST_NAME = ".circleci-async-manifest.jsonl"
LOCK_NAME = ".circleci-async.lock"
#: Appended records reach the disk at least this often (seconds) and when the run ends.
FLUSH_INTERVAL = 0.5
_DONE = frozenset({"downloaded", "skipped"})


class DestinationError(CircleCIError):
    """The destination cannot be used: not writable, not a directory, or locked by a run."""


class DestinationLock:
    """An exclusive advisory lock (``flock``) on ``<dest>/.circleci-async.lock``.

    The lock dies with the process that holds it, so a killed run never blocks the next one.
    The lock file itself stays in the destination.
    """

    def __init__(self, dest: Path) -> None:
        self.path = dest / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise :class:`DestinationError` naming the problem."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise DestinationError(
                f"cannot write to destination {str(self.path.parent)!r}: {exc.strerror}"
            ) from None
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise DestinationError(
                    f"destination {str(self.path.parent)!r} is in use by another download "
                    f"(lock file {LOCK_NAME})"
                ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        """Release the lock (idempotent)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)


class Manifest:
    """``<dest>/.circleci-async-manifest.jsonl``: one JSON object per file and run.

    Fields: ``file`` (path relative to the destination), ``job``, ``path`` (as listed),
    ``node_index``, ``url`` (without its query string, which may hold a signature), ``size``,
    ``sha256`` and ``status`` (``downloaded``, ``skipped`` or ``failed``). Records are appended
    as files finish (flushed every half second, so a killed run keeps nearly all it did) and
    the file is compacted to the last record per file when a run ends.

    This run's records live on disk only, so memory stays flat however many files a run
    handles; earlier runs' records are held as their JSON lines (a few hundred bytes each),
    each dropped once this run records its file.
    """

    def __init__(self, dest: Path) -> None:
        self.path = dest / MANIFEST_NAME
        self.records: dict[str, str] = {}
        """Earlier runs' records not yet superseded by this run: ``file`` → its JSON line."""
        self._fh: TextIO | None = None
        self._appended = 0
        self._start = 0
        self._compact = True
        self._flushed = time.monotonic()

    def load(self) -> None:
        """Read earlier records (unreadable lines are ignored) and open for appending."""
        lines = 0
        ends_cleanly = True
        try:
            with self.path.open(encoding="utf-8") as fh:
                for line in fh:
                    lines += 1
                    ends_cleanly = line.endswith("\n")
                    try:
                        rec = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(rec, dict) and isinstance(rec.get("file"), str):
                        self.records[rec["file"]] = line if ends_cleanly else line + "\n"
        except FileNotFoundError:
            pass
        # Unreadable or repeated lines (a killed run) are dropped when this run compacts.
        self._compact = lines == len(self.records)
        self._fh = self.path.open("a", encoding="utf-8")
        if not ends_cleanly:  # a killed run's last line: never glue a record onto it
            self._fh.write("\n")
        self._fh.flush()
        self._start = os.fstat(self._fh.fileno()).st_size

    def complete(self, file: str, size: int, url: str) -> dict[str, Any] | None:
        """The record of ``file`` if an earlier run finished it from ``url`` with this ``size``.

        ``url`` is compared without its query string.
        """
        line = self.records.get(file)
        if line is None:
            return None
        rec: dict[str, Any] = json.loads(line)
        if rec.get("status") in _DONE and rec.get("size") == size and rec.get("url") == url:
            return rec
        return None

    def add(self, rec: dict[str, Any]) -> None:
        """Record one finished file (at most once per file and run); the record is not kept."""
        if self.records.pop(rec["file"], None) is not None:
            self._compact = False
        if self._fh is not None:
            self._fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            self._appended += 1
            now = time.monotonic()
            if now - self._flushed >= FLUSH_INTERVAL:
                self._fh.flush()
                self._flushed = now

    def close(self) -> None:
        """Close, compacting the file to one record per file.

        The earlier records this run did not supersede are written first, then this run's
        records are copied from the end of the old file, line by line.
        """
        fh, self._fh = self._fh, None
        if fh is None:
            return
        fh.close()
        if not self._appended or self._compact:
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        with tmp.open("wb") as out:
            for line in self.records.values():
                out.write(line.encode())
            with self.path.open("rb") as old:
                old.seek(self._start)
                shutil.copyfileobj(old, out)
        os.replace(tmp, self.path)
