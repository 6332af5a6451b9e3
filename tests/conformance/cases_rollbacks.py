"""Conformance cases: Rollback."""

from __future__ import annotations

PROJECT_ID = "39723015-b399-4601-9ff6-bd1bfbed8fa8"

CASES = {
    "rollbackProject": lambda c: c.rollbacks.rollback(
        PROJECT_ID,
        component_name="frontend",
        current_version="1.4.0",
        environment_name="production",
        target_version="1.3.2",
        namespace="default",
        parameters={"notify": True, "region": "eu-west-1"},
        reason="Error rate doubled after 1.4.0",
    ),
}
