"""Run the scripts of examples/ as a user would: a subprocess with ``--fake``."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

RunExample = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_example(tmp_path: Path) -> RunExample:
    """Run ``examples/<name>.py --fake [args]`` in ``tmp_path`` with no token in the environment."""

    def run(name: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CIRCLE", "CIRCLECI"))}
        return subprocess.run(
            [sys.executable, str(EXAMPLES / f"{name}.py"), "--fake", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    return run
