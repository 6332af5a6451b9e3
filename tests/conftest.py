from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from circleci_async import CircleCI, RetryPolicy
from circleci_async.testing import FakeCircleCI

ROOT = Path(__file__).resolve().parent.parent
#: The shared folder beside the repository: the official spec and the seeds.
SHARED = ROOT.parent / "shared"
SPEC_PATH = SHARED / "spec" / "circleci-v2-openapi.json"


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    """The official v2 OpenAPI spec, read from ../shared/spec."""
    if not SPEC_PATH.is_file():
        raise FileNotFoundError(f"the official spec is expected at {SPEC_PATH}")
    data: dict[str, Any] = json.loads(SPEC_PATH.read_text())
    return data


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def fake() -> AsyncIterator[FakeCircleCI]:
    async with FakeCircleCI() as server:
        yield server


@pytest.fixture
async def cci(fake: FakeCircleCI) -> AsyncIterator[CircleCI]:
    async with CircleCI(host=fake.url, token=fake.token, retry=RetryPolicy.testing()) as client:
        yield client


@pytest.fixture(autouse=True)
def _no_ambient_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up a developer's real token or host from the environment."""
    for name in ("CIRCLE_TOKEN", "CIRCLECI_TOKEN", "CIRCLECI_HOST"):
        monkeypatch.delenv(name, raising=False)
