"""The README's example for groups, pipeline definitions, triggers, deploys and rollbacks runs."""

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
HEADING = "## Groups, pipeline definitions, triggers, deploys and rollbacks"


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
    body = textwrap.indent(example_source(), "    ")
    exec(f"async def example(cci):\n{body}", namespace)
    await namespace["example"](cci)
    out = capsys.readouterr().out
    assert "Platform Admins" in out
    assert "api-service ['1.2.3']" in out
    assert "PIPELINE" in out
    assert len(fake.requests_to(r"/api/v2/projects/[^/]+/rollback")) == 1
