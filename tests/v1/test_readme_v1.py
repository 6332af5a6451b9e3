"""The README's API v1.1 example runs against the fake server."""

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
HEADING = "## API v1.1"


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
    assert "Spin up environment ['success']" in out
    assert "name='API_URL', value='xxxx.com'" in out
    assert len(fake.requests_to(r"/api/v1\.1/project/gh/acme/api/22/ssh")) == 1
    assert fake.requests_to(r"/api/v1\.1/project/gh/acme/api/tree/release%2F2\.0")
