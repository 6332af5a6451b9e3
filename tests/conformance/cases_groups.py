"""Conformance cases: Groups."""

from __future__ import annotations

ORG_ID = "b9291e0d-a11e-41fb-8517-c545388b5953"
GROUP_ID = "bdbe5e8d-50a5-4f73-a917-074592949844"

CASES = {
    "getOrganizationGroups": lambda c: c.groups.list(ORG_ID, limit=2).collect(max_pages=2),
    "createOrganizationGroup": lambda c: c.groups.create(
        ORG_ID, name="Project A Editors", description="Users who may edit Project A"
    ),
    "getGroup": lambda c: c.groups.get(ORG_ID, GROUP_ID),
    "deleteGroup": lambda c: c.groups.delete(ORG_ID, GROUP_ID),
}
