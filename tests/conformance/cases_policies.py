"""Conformance cases: Policy Management."""

from __future__ import annotations

from datetime import UTC, datetime

from circleci_async.models.v2.policies import DecisionStatus

OWNER_ID = "b9291e0d-a11e-41fb-8517-c545388b5953"
CONTEXT = "config"
DECISION_ID = "d2d1e2a6-3f6b-4c64-9f0b-6f2ed1d3c2a1"
POLICY = 'package org\n\npolicy_name["require_resource_class"]\n'
CONFIG = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:stable\n"

CASES = {
    "GetPolicyBundle": lambda c: c.policies.bundle(OWNER_ID, CONTEXT),
    "CreatePolicyBundle": lambda c: c.policies.create_bundle(
        OWNER_ID, CONTEXT, policies={"require_resource_class": POLICY}, dry=True
    ),
    "GetPolicyDocument": lambda c: c.policies.policy(OWNER_ID, CONTEXT, "require_resource_class"),
    "GetDecisionLogs": lambda c: c.policies.decision_logs(
        OWNER_ID,
        CONTEXT,
        status=DecisionStatus.HARD_FAIL,
        after=datetime(2026, 1, 1, tzinfo=UTC),
        before="2026-02-01T00:00:00Z",
        branch="main",
        project_id="405d8375-3514-403b-8c43-83ae74cfe0e9",
        build_number=42,
        offset=0,
    ),
    "GetDecisionLog": lambda c: c.policies.decision_log(OWNER_ID, CONTEXT, DECISION_ID),
    "GetDecisionLogPolicyBundle": lambda c: c.policies.decision_log_bundle(
        OWNER_ID, CONTEXT, DECISION_ID
    ),
    "MakeDecision": lambda c: c.policies.decide(
        OWNER_ID, CONTEXT, input=CONFIG, metadata={"project_id": "p", "branch": "main"}
    ),
    "GetDecisionSettings": lambda c: c.policies.decision_settings(OWNER_ID, CONTEXT),
    "SetDecisionSettings": lambda c: c.policies.set_decision_settings(
        OWNER_ID, CONTEXT, enabled=True
    ),
}
