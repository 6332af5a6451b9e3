"""Write insights records to JSON Lines, CSV or SQLite, and read them back.

The format follows the file's suffix (``.jsonl``, ``.csv``, ``.sqlite``/``.db``). JSON Lines
and CSV files are rewritten; SQLite tables (one per record kind) are upserted by the records'
natural keys, so a daily rerun updates rows instead of duplicating them. Timestamps are ISO
8601 (UTC with ``Z``) everywhere. Writes are buffered and synchronous: records are small and
the collector's pace is set by the rate limit, not by the disk.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, get_args, get_type_hints

import msgspec

from circleci_async.insights.records import KEYS, KINDS, Record, kind_of

__all__ = [
    "CSV_COLUMNS",
    "Format",
    "RecordWriter",
    "format_of",
    "open_writer",
    "read_records",
    "write_records",
]

Format = Literal["jsonl", "csv", "sqlite"]
_SUFFIXES: dict[str, Format] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".db": "sqlite",
}
_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(Record)


def _fields(kind: str) -> list[str]:
    return [f.name for f in msgspec.structs.fields(KINDS[kind])]


#: CSV header: ``kind`` then every field of every kind, in a stable order.
CSV_COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys(["kind", *(name for kind in KINDS for name in _fields(kind))])
)


def format_of(path: str | Path) -> Format:
    """The export format named by ``path``'s suffix; ``ValueError`` for an unknown one."""
    suffix = Path(path).suffix.lower()
    try:
        return _SUFFIXES[suffix]
    except KeyError:
        raise ValueError(
            f"cannot tell the format of {str(path)!r}: use one of {', '.join(sorted(_SUFFIXES))}"
        ) from None


def _flat(record: Record) -> dict[str, Any]:
    """The record as plain JSON-like values (timestamps as ISO 8601 strings)."""
    data: dict[str, Any] = msgspec.to_builtins(record)
    return data


class RecordWriter:
    """Writes records to one file; use as a context manager (``open_writer``)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.format = format_of(path)
        self.count = 0
        self._text: io.TextIOWrapper | None = None
        self._binary: io.BufferedWriter | None = None
        self._csv: Any = None
        self._db: sqlite3.Connection | None = None
        if self.format == "jsonl":
            self._binary = self.path.open("wb")
        elif self.format == "csv":
            self._text = self.path.open("w", newline="", encoding="utf-8")
            self._csv = csv.DictWriter(self._text, CSV_COLUMNS)
            self._csv.writeheader()
        else:
            self._db = sqlite3.connect(self.path)
            _create_tables(self._db)

    def __repr__(self) -> str:
        return f"RecordWriter({str(self.path)!r}, format={self.format!r}, count={self.count})"

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def write(self, record: Record) -> None:
        """Write one record."""
        if self._binary is not None:
            self._binary.write(_encoder.encode(record) + b"\n")
        elif self._csv is not None:
            self._csv.writerow({k: _csv_value(v) for k, v in _flat(record).items()})
        elif self._db is not None:
            _upsert(self._db, record)
        self.count += 1

    def write_all(self, records: Iterable[Record]) -> None:
        """Write every record of ``records``."""
        for record in records:
            self.write(record)

    def close(self) -> None:
        """Flush and close the file (commit for SQLite)."""
        if self._binary is not None:
            self._binary.close()
        if self._text is not None:
            self._text.close()
        if self._db is not None:
            self._db.commit()
            self._db.close()
            self._db = None


def open_writer(path: str | Path) -> RecordWriter:
    """Open a writer for ``path``; the suffix picks the format (``ValueError`` otherwise)."""
    return RecordWriter(path)


def write_records(path: str | Path, records: Iterable[Record]) -> int:
    """Write ``records`` to ``path`` and return how many were written."""
    with open_writer(path) as writer:
        writer.write_all(records)
        return writer.count


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


# ---- SQLite -------------------------------------------------------------------------------
def _sql_type(annotation: Any) -> str:
    args = set(get_args(annotation)) - {type(None)} or {annotation}
    if args <= {bool, int}:
        return "INTEGER"
    if args <= {float, int}:
        return "REAL"
    return "TEXT"


def _create_tables(db: sqlite3.Connection) -> None:
    for kind, cls in KINDS.items():
        hints = get_type_hints(cls)
        columns = ", ".join(f'"{name}" {_sql_type(hints[name])}' for name in _fields(kind))
        keys = ", ".join(f'"{k}"' for k in KEYS[kind])
        db.execute(f'CREATE TABLE IF NOT EXISTS "{kind}" ({columns}, PRIMARY KEY ({keys}))')


def _sql_value(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _upsert(db: sqlite3.Connection, record: Record) -> None:
    kind = kind_of(record)
    data = _flat(record)
    data.pop("kind")
    names = list(data)
    columns = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    keys = KEYS[kind]
    updates = ", ".join(f'"{n}" = excluded."{n}"' for n in names if n not in keys)
    action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    conflict = ", ".join(f'"{k}"' for k in keys)
    db.execute(
        f'INSERT INTO "{kind}" ({columns}) VALUES ({marks}) ON CONFLICT ({conflict}) {action}',
        [_sql_value(data[n]) for n in names],
    )


# ---- reading back -------------------------------------------------------------------------
def _convert(kind: str, data: dict[str, Any]) -> Record:
    cls = KINDS[kind]
    fields = {f.name: f for f in msgspec.structs.fields(cls)}
    clean: dict[str, Any] = {}
    for name, value in data.items():
        field = fields.get(name)
        if field is None or value is None:
            continue
        if value == "" and not field.required:
            continue  # an empty CSV cell: the field's default (None)
        clean[name] = value
    return msgspec.convert(clean, cls, strict=False)


def read_records(path: str | Path) -> list[Record]:
    """Read every record back from a JSON Lines, CSV or SQLite export."""
    fmt = format_of(path)
    if fmt == "jsonl":
        with Path(path).open("rb") as fh:
            return [_decoder.decode(line) for line in fh if line.strip()]
    if fmt == "csv":
        with Path(path).open(newline="", encoding="utf-8") as fh:
            return [_convert(row["kind"], row) for row in csv.DictReader(fh)]
    out: list[Record] = []
    db = sqlite3.connect(path)
    try:
        db.row_factory = sqlite3.Row
        for kind in KINDS:
            for row in db.execute(f'SELECT * FROM "{kind}" ORDER BY rowid'):
                out.append(_convert(kind, dict(row)))
    finally:
        db.close()
    return out
