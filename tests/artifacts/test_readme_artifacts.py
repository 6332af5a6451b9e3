"""The README's artifact-download example runs against the fake server."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from circleci_async import CircleCI
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

README = Path(__file__).resolve().parents[2] / "README.md"
HEADING = "## Artifact downloads"


def example_source() -> str:
    text = README.read_text()
    section = text[text.index(HEADING) :]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match is not None
    return match.group(1)


async def test_readme_example_runs(
    cci: CircleCI,
    fake: FakeCircleCI,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {}
    body = textwrap.indent(example_source(), "    ")
    exec(f"async def example(cci):\n{body}", namespace)
    await namespace["example"](cci)
    out = capsys.readouterr().out
    job = fake.data.job_numbers[("gh/acme/api", 82)]
    assert f"{len(job.artifacts)} downloaded, 0 skipped, 0 failed" in out
    assert (tmp_path / "mirror" / "82" / "0" / job.artifacts[0].path).is_file()
    assert fake.storage_token_requests == 0
