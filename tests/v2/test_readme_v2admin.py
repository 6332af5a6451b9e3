"""The README's example for contexts, OIDC, policies, usage and organizations runs."""

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
HEADING = "## Contexts, OIDC claims, config policies, usage exports and organizations"


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
    assert "deploy-prod" in out
    assert "['sts.amazonaws.com'] 1h" in out
    assert "False ['images']" in out and "\nTrue\n" in out
    assert "HARD_FAIL ['no_latest']" in out
    assert "completed 2" in out
    assert "['https://raw.githubusercontent.com/CircleCI-Public/']" in out
    assert len(fake.requests_to(r"/api/v2/org/[^/]+/project/[^/]+/oidc-custom-claims")) == 2
