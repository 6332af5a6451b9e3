"""Conformance cases: Pipeline Definition."""

from __future__ import annotations

from circleci_async.models.v2.pipeline_definitions import (
    CheckoutSourceInput,
    ConfigSourceInput,
    RepoInput,
)

PROJECT_ID = "39723015-b399-4601-9ff6-bd1bfbed8fa8"
DEFINITION_ID = "6cb29b00-8e02-4357-8bc0-313983bf1f46"

CASES = {
    "listPipelineDefinitions": lambda c: c.pipeline_definitions.list(PROJECT_ID),
    "createPipelineDefinition": lambda c: c.pipeline_definitions.create(
        PROJECT_ID,
        name="deploy",
        description="Deploys main to production",
        config_source=ConfigSourceInput(
            provider="github_app",
            repo=RepoInput(external_id="123456789"),
            file_path=".circleci/deploy.yml",
        ),
        checkout_source={"provider": "github_app", "repo": {"external_id": "123456789"}},
    ),
    "getPipelineDefinition": lambda c: c.pipeline_definitions.get(PROJECT_ID, DEFINITION_ID),
    "updatePipelineDefinition": lambda c: c.pipeline_definitions.update(
        PROJECT_ID,
        DEFINITION_ID,
        description="Deploys main to production and staging",
        config_source={"file_path": ".circleci/deploy-v2.yml"},
        checkout_source=CheckoutSourceInput(
            provider="github_app", repo=RepoInput(external_id="987654321")
        ),
    ),
    "deletePipelineDefinition": lambda c: c.pipeline_definitions.delete(PROJECT_ID, DEFINITION_ID),
}
