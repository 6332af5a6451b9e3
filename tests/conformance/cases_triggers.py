"""Conformance cases: Trigger."""

from __future__ import annotations

from circleci_async.models.v2.triggers import EventPreset

PROJECT_ID = "39723015-b399-4601-9ff6-bd1bfbed8fa8"
DEFINITION_ID = "6cb29b00-8e02-4357-8bc0-313983bf1f46"
TRIGGER_ID = "bbea3a3d-4686-48b6-8d2d-2a14ace3913c"

CASES = {
    "listPipelineDefinitionTriggers": lambda c: c.triggers.list(PROJECT_ID, DEFINITION_ID),
    "createTrigger": lambda c: c.triggers.create(
        PROJECT_ID,
        DEFINITION_ID,
        event_source={"provider": "github_app", "repo": {"external_id": "123456789"}},
        event_preset=EventPreset.ONLY_OPEN_PRS,
        disabled=False,
    ),
    "getTrigger": lambda c: c.triggers.get(PROJECT_ID, TRIGGER_ID),
    "updateTrigger": lambda c: c.triggers.update(
        PROJECT_ID,
        TRIGGER_ID,
        event_name="deploy-requested",
        checkout_ref="main",
        config_ref="main",
        disabled=True,
        event_source={"webhook": {"sender": "datadog"}},
    ),
    "deleteTrigger": lambda c: c.triggers.delete(PROJECT_ID, TRIGGER_ID),
}
