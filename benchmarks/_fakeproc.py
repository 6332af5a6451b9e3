"""Run the fake CircleCI in a separate process so client CPU time is measured alone."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def fake_server(*args: str, command: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Start ``python -m circleci_async.testing *args`` (or ``command``); yield its JSON line."""
    proc = subprocess.Popen(
        command or [sys.executable, "-m", "circleci_async.testing", *args],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError("the fake server did not start")
        yield json.loads(line)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
