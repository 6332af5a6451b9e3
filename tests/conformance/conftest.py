"""Prism serving the official v2 spec: static (examples) and dynamic (random valid data)."""

from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRISM = Path(os.environ.get("PRISM_BIN", ROOT / ".prism" / "node_modules" / ".bin" / "prism"))


def repaired_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of the spec that Prism can serve under /api/v2 and validate correctly.

    - paths get the ``/api/v2`` prefix (Prism ignores the path of ``servers``);
    - ``additionalProperties: false`` beside a ``oneOf``/``anyOf`` with no properties of its
      own is dropped (it makes every value invalid; see SPEC-NOTES).
    """
    fixed = copy.deepcopy(spec)
    fixed["paths"] = {"/api/v2" + path: item for path, item in fixed["paths"].items()}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if (
                node.get("additionalProperties") is False
                and ("oneOf" in node or "anyOf" in node)
                and "properties" not in node
            ):
                del node["additionalProperties"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(fixed)
    return fixed


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _ensure_prism() -> None:
    if PRISM.exists():
        return
    result = subprocess.run(
        ["bash", str(ROOT / "tools" / "install_prism.sh")], capture_output=True, text=True
    )
    if result.returncode != 0 or not PRISM.exists():
        raise RuntimeError(f"could not install Prism: {result.stderr.strip()}")


@pytest.fixture(scope="session")
def prism_spec_file(spec: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("prism") / "circleci-v2-openapi.repaired.json"
    path.write_text(json.dumps(repaired_spec(spec)))
    return path


def _start(spec_file: Path, *extra: str) -> Iterator[str]:
    _ensure_prism()
    port = _free_port()
    log = spec_file.parent / f"prism-{port}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(PRISM), "mock", str(spec_file), "-h", "127.0.0.1", "-p", str(port), *extra],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 90
        while "Prism is listening" not in log.read_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Prism did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def prism_static(prism_spec_file: Path) -> Iterator[str]:
    """Base URL of Prism answering with the spec's examples."""
    yield from _start(prism_spec_file)


@pytest.fixture(scope="session")
def prism_dynamic(prism_spec_file: Path) -> Iterator[str]:
    """Base URL of Prism answering with random schema-valid data."""
    yield from _start(prism_spec_file, "-d")
