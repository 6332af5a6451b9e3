"""Route modules of the fake server, one per API area, plus the artifact and storage hosts."""

from __future__ import annotations

from aiohttp import web

from circleci_async.testing.routes import (
    files,
    v1,
    v2_contexts,
    v2_deploys,
    v2_groups,
    v2_insights,
    v2_jobs,
    v2_oidc,
    v2_organizations,
    v2_pipeline_definitions,
    v2_pipelines,
    v2_policies,
    v2_projects,
    v2_rollbacks,
    v2_schedules,
    v2_triggers,
    v2_usage,
    v2_users,
    v2_webhooks,
    v2_workflows,
)

__all__ = ["api_app", "artifacts_app", "storage_app"]

_API_MODULES = (
    v2_users,
    v2_projects,
    v2_pipelines,
    v2_workflows,
    v2_jobs,
    v2_groups,
    v2_pipeline_definitions,
    v2_triggers,
    v2_rollbacks,
    v2_deploys,
    v2_contexts,
    v2_organizations,
    v2_oidc,
    v2_policies,
    v2_usage,
    v2_insights,
    v2_schedules,
    v2_webhooks,
    v1,
)


def api_app(app: web.Application) -> None:
    """Register every API route (v2 and v1.1)."""
    for module in _API_MODULES:
        module.register(app)


def artifacts_app(app: web.Application) -> None:
    """Register the artifact host's routes."""
    files.register_artifacts(app)


def storage_app(app: web.Application) -> None:
    """Register the storage host's routes."""
    files.register_storage(app)
