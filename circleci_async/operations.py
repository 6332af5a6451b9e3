"""``OPERATIONS``: every API operation mapped to the dotted path of its method on a client."""

from __future__ import annotations

from types import MappingProxyType

from circleci_async.resources.v1 import artifacts as v1_artifacts
from circleci_async.resources.v1 import builds as v1_builds
from circleci_async.resources.v1 import projects as v1_projects
from circleci_async.resources.v1 import tests as v1_tests
from circleci_async.resources.v1 import users as v1_users
from circleci_async.resources.v2 import (
    contexts,
    deploys,
    groups,
    insights,
    jobs,
    oidc,
    organizations,
    pipeline_definitions,
    pipelines,
    policies,
    projects,
    rollbacks,
    schedules,
    triggers,
    usage,
    users,
    webhooks,
    workflows,
)

__all__ = ["OPERATIONS"]

_MODULES = (
    contexts,
    deploys,
    groups,
    insights,
    jobs,
    oidc,
    organizations,
    pipeline_definitions,
    pipelines,
    policies,
    projects,
    rollbacks,
    schedules,
    triggers,
    usage,
    users,
    webhooks,
    workflows,
    v1_artifacts,
    v1_builds,
    v1_projects,
    v1_tests,
    v1_users,
)


def _merge() -> dict[str, str]:
    merged: dict[str, str] = {}
    for module in _MODULES:
        for key, target in module.OPERATIONS.items():
            if key in merged:
                raise RuntimeError(f"operation {key!r} is mapped twice")
            merged[key] = target
    return merged


#: v2 ``operationId`` → method path (``"listPipelinesForProject": "pipelines.list"``), and
#: ``"v1.1 METHOD /path"`` → method path for API v1.1 (``"v1.builds.get"``).
OPERATIONS = MappingProxyType(_merge())
