"""Conformance cases: Usage."""

from __future__ import annotations

from datetime import UTC, datetime

ORG_ID = "b9291e0d-a11e-41fb-8517-c545388b5953"
SHARED_ORG_ID = "405d8375-3514-403b-8c43-83ae74cfe0e9"
JOB_ID = "e8235eed-f121-4ae3-9c72-2719d6572818"

CASES = {
    "createUsageExport": lambda c: c.usage.create_export(
        ORG_ID,
        start=datetime(2026, 10, 1, tzinfo=UTC),
        end="2026-10-31T23:59:59Z",
        shared_org_ids=[SHARED_ORG_ID],
    ),
    "getUsageExport": lambda c: c.usage.get_export(ORG_ID, JOB_ID),
}
