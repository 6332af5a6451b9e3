"""Conformance cases: Deploy."""

from __future__ import annotations

ORG_ID = "b9291e0d-a11e-41fb-8517-c545388b5953"
PROJECT_ID = "39723015-b399-4601-9ff6-bd1bfbed8fa8"
ENVIRONMENT_ID = "1c23d2cb-07b1-4a28-8af3-e369732050ed"
COMPONENT_ID = "c2a4e6f0-1b3d-4f5a-8c7e-9d0b1a2c3e4f"

CASES = {
    "listEnvironments": lambda c: c.deploys.list_environments(org_id=ORG_ID, page_size=10).collect(
        max_pages=2
    ),
    "getEnvironment": lambda c: c.deploys.get_environment(ENVIRONMENT_ID),
    "listComponents": lambda c: c.deploys.list_components(
        org_id=ORG_ID, project_id=PROJECT_ID, page_size=10
    ).collect(max_pages=2),
    "getComponent": lambda c: c.deploys.get_component(COMPONENT_ID),
    "listComponentVersions": lambda c: c.deploys.list_component_versions(
        COMPONENT_ID, environment_id=ENVIRONMENT_ID
    ).collect(max_pages=2),
}
