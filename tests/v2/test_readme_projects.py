"""The README's example for projects, schedules and webhooks runs against the fake."""

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
HEADING = "## Projects, schedules and webhooks"


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
    assert "True\n" in out
    assert "DEPLOY_TOKEN xxxxoken" in out
    assert "['deploy-key', 'deploy-key']" in out
    assert "whsec" not in out and "signing_secret=<hidden>" in out
    assert out.rstrip().endswith("1")
    (schedule,) = [s for s in await cci.schedules.list("gh/acme/api") if s.name != "nightly"]
    assert schedule.timetable.hours_of_day == [4] and schedule.actor.login == "system-actor"
