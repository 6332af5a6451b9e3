"""cci.usage against the fake server: create an export and poll it to completion."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from circleci_async import BadRequest, CircleCI, NotFound
from circleci_async.models.v2.usage import UsageExport, UsageExportState
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

START = datetime(2026, 10, 1, tzinfo=UTC)
UNKNOWN = "00000000-0000-4000-8000-000000000000"


async def test_create_and_poll_until_completed(cci: CircleCI, fake: FakeCircleCI) -> None:
    org = fake.data.org_id
    job = await cci.usage.create_export(
        org, start=START, end="2026-10-31T00:00:00+00:00", shared_org_ids=[UNKNOWN]
    )
    sent = fake.requests_to(r"/api/v2/organizations/[^/]+/usage_export_job")[-1]
    assert sent.json() == {
        "start": "2026-10-01T00:00:00Z",
        "end": "2026-10-31T00:00:00Z",
        "shared_org_ids": [UNKNOWN],
    }
    assert job.state == UsageExportState.CREATED and job.start == START
    assert job.download_urls == []
    assert job.usage_export_job_id is not None
    states = []
    current: UsageExport = job
    while current.state != "completed":
        current = await cci.usage.get_export(org, job.usage_export_job_id)
        states.append(current.state)
    assert states == ["processing", "completed"]
    assert len(current.download_urls) == 2
    assert "X-Amz-Signature" not in repr(current)


async def test_server_side_errors(cci: CircleCI, fake: FakeCircleCI) -> None:
    with pytest.raises(BadRequest) as info:
        await cci.usage.create_export(
            fake.data.org_id, start=START, end=datetime(2026, 12, 1, tzinfo=UTC)
        )
    assert "32 days" in info.value.message
    with pytest.raises(NotFound):
        await cci.usage.get_export(fake.data.org_id, UNKNOWN)
    with pytest.raises(NotFound):
        await cci.usage.create_export(UNKNOWN, start=START, end="2026-10-02T00:00:00Z")


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [
        (lambda c: c.usage.create_export("o", start="yesterday", end=START), ValueError, "start"),
        (lambda c: c.usage.create_export("o", start=START, end=5), TypeError, "end"),
        (
            lambda c: c.usage.create_export("o", start=datetime(2026, 1, 1), end=START),
            ValueError,
            "start must carry a timezone",
        ),
        (lambda c: c.usage.create_export("o", start=START, end=START), ValueError, "end"),
        (
            lambda c: c.usage.create_export("o", start=START, end=START, shared_org_ids="x"),
            TypeError,
            "shared_org_ids",
        ),
        (
            lambda c: c.usage.create_export("", start=START, end="2026-10-02T00:00:00Z"),
            ValueError,
            "org_id",
        ),
        (lambda c: c.usage.get_export("o", ""), ValueError, "usage_export_job_id"),
    ],
)
async def test_bad_input_fails_before_any_request(
    cci: CircleCI, fake: FakeCircleCI, call: Any, error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await call(cci)
    assert fake.requests == []
