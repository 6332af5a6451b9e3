"""Fake v2 Rollback area: a rollback starts a pipeline and makes the target version live."""

from __future__ import annotations

from aiohttp import web

from circleci_async.testing._web import ApiError, fake_of, json_body, ok
from circleci_async.testing.data import BASE_TIME
from circleci_async.testing.routes._v2org import (
    MSG_BAD_BODY,
    check_fields,
    optional_str,
    project_by_id,
    require_str,
)
from circleci_async.testing.routes.v2_deploys import deploy_state

__all__ = ["register"]

_FIELDS = {
    "component_name",
    "current_version",
    "environment_name",
    "namespace",
    "parameters",
    "reason",
    "target_version",
}


async def rollback(request: web.Request) -> web.Response:
    project = project_by_id(request, request.match_info["project_id"])
    body = await json_body(request)
    check_fields(body, _FIELDS)
    component_name = require_str(body, "component_name")
    environment_name = require_str(body, "environment_name")
    current_version = require_str(body, "current_version")
    target_version = require_str(body, "target_version")
    namespace = optional_str(body, "namespace") or "default"
    optional_str(body, "reason")
    parameters = body.get("parameters", {})
    if not isinstance(parameters, dict):
        raise ApiError(400, f"{MSG_BAD_BODY} parameters must be an object")
    state = deploy_state.of(request)
    component = next(
        (c for c in state.components if c.project_id == project.id and c.name == component_name),
        None,
    )
    if component is None:
        raise ApiError(404, f"Component {component_name} not found.")
    environment = next((e for e in state.environments if e.name == environment_name), None)
    if environment is None:
        raise ApiError(404, f"Environment {environment_name} not found.")
    if not any(d.name == target_version for d in component.deployments):
        raise ApiError(404, f"Version {target_version} of {component_name} not found.")
    live = component.live(environment.id)
    if live is None or live.name != current_version:
        raise ApiError(
            409,
            f"Conflict creating entity: {current_version} is not the live version of "
            f"{component_name} in {environment_name}.",
        )
    data = fake_of(request).data
    pipeline = data.add_pipeline(
        project.slug,
        branch=project.default_branch,
        created_at=BASE_TIME,
        workflows=("rollback",),
        jobs=("rollback",),
        status="success",
    )
    pipeline.trigger_type = "api"
    pipeline.parameters = dict(parameters)
    component.deploy(target_version, environment.id, pipeline, BASE_TIME, namespace)
    return ok({"id": pipeline.id, "rollback_type": "PIPELINE"}, 202)


def register(app: web.Application) -> None:
    """Add the routes."""
    app.router.add_post("/api/v2/projects/{project_id}/rollback", rollback)
