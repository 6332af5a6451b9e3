"""Conformance cases: Context."""

from __future__ import annotations

from circleci_async.models.v2.contexts import ContextOwner, RestrictionType

ORG_ID = "b9291e0d-a11e-41fb-8517-c545388b5953"
CONTEXT_ID = "be8bb2e3-c3d6-4098-89f4-572ff976ba9a"
PROJECT_ID = "405d8375-3514-403b-8c43-83ae74cfe0e9"
RESTRICTION_ID = "497f6eca-6276-4993-bfeb-53cbbbba6f08"

CASES = {
    "listContexts": lambda c: c.contexts.list(owner_id=ORG_ID, owner_type="organization").collect(
        max_pages=1
    ),
    "createContext": lambda c: c.contexts.create(
        name="deploy-prod", owner=ContextOwner(slug="gh/CircleCI-Public", type="organization")
    ),
    "getContext": lambda c: c.contexts.get(CONTEXT_ID),
    "deleteContext": lambda c: c.contexts.delete(CONTEXT_ID),
    "listEnvironmentVariablesFromContext": lambda c: c.contexts.env_vars(CONTEXT_ID).collect(
        max_pages=1
    ),
    "addEnvironmentVariableToContext": lambda c: c.contexts.set_env_var(
        CONTEXT_ID, "AWS_ACCESS_KEY_ID", value="some-secret-value"
    ),
    "deleteEnvironmentVariableFromContext": lambda c: c.contexts.delete_env_var(
        CONTEXT_ID, "AWS_ACCESS_KEY_ID"
    ),
    "getContextRestrictions": lambda c: c.contexts.restrictions(CONTEXT_ID).collect(max_pages=1),
    "createContextRestriction": lambda c: c.contexts.create_restriction(
        CONTEXT_ID, restriction_type=RestrictionType.PROJECT, restriction_value=PROJECT_ID
    ),
    "deleteContextRestriction": lambda c: c.contexts.delete_restriction(CONTEXT_ID, RESTRICTION_ID),
}
