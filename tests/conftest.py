from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from circleci_async import CircleCI, RetryPolicy
from circleci_async.testing import FakeCircleCI


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
