"""The README's example for pipelines, workflows and jobs runs against the fake."""

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
HEADING = "## Pipelines, workflows and jobs"


def example_source() -> str:
    text = README.read_text()
    section = text[text.index(HEADING) :]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match is not None
    return match.group(1)


async def test_readme_example_runs_against_the_fake(
    cci: CircleCI, fake: FakeCircleCI, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace: dict[str, Any] = {}
    body = textwrap.indent(example_source() + "return failed, mine\n", "    ")
    exec(f"async def example(cci):\n{body}", namespace)
    failed, mine = await namespace["example"](cci)
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["31 created main", "version: 2.1"]
    assert lines[2].startswith("build ") and lines[3].startswith("test ")
    assert lines[4] == "32"  # run created the next pipeline
    job = fake.data.job_numbers[("gh/acme/api", 2)]
    assert failed == [t.name for t in job.tests if t.result == "failure"]
    assert len(mine) == 5
    assert len(fake.requests_to(r"/api/v2/workflow/[^/]+/rerun")) == 1
