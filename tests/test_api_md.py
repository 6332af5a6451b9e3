"""api.md is current: regenerate it (python tools/gen_api_md.py) when a method changes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from circleci_async import OPERATIONS

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "gen_api_md.py"
API_MD = ROOT / "api.md"


def check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), "--check", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )


def rows_per_version(text: str) -> dict[str, list[str]]:
    """Table rows (``| `cci.…` | …``) under the ``## v2: …`` and ``## v1.1: …`` headings."""
    rows: dict[str, list[str]] = {"v2": [], "v1.1": []}
    version = None
    for line in text.splitlines():
        heading = re.match(r"## (v2|v1\.1): ", line)
        if heading:
            version = heading.group(1)
        elif version and line.startswith("| `cci."):
            rows[version].append(line)
    return rows


def test_api_md_is_current(spec: dict[str, Any]) -> None:
    result = check()
    assert result.returncode == 0, result.stderr + result.stdout
    assert "is current" in result.stdout


def test_check_fails_when_api_md_is_stale(spec: dict[str, Any], tmp_path: Path) -> None:
    stale = tmp_path / "api.md"
    stale.write_text(API_MD.read_text().replace("cci.pipelines.list(", "cci.pipelines.ls("))
    result = check("--output", str(stale))
    assert result.returncode == 1
    assert "is not current" in result.stderr
    assert "python tools/gen_api_md.py" in result.stderr


def test_api_md_lists_every_operation() -> None:
    text = API_MD.read_text()
    rows = rows_per_version(text)
    assert len(rows["v2"]) == 110
    assert len(rows["v1.1"]) == 28
    for key, target in OPERATIONS.items():
        # v2 rows name the operationId, v1.1 rows the route the key spells
        label = f"`{key.removeprefix('v1.1 ')}`" if key.startswith("v1.1 ") else f"`{key}`"
        assert any(f"`cci.{target}(" in row and label in row for row in rows["v2"] + rows["v1.1"])
    assert (
        "| `cci.pipelines.list(project_slug, *, branch=…)` | `GET /project/{project-slug}/pipeline`"
        " | `listPipelinesForProject` | `AsyncPager[Pipeline]` |"
    ) in text
