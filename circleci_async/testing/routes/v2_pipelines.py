"""Fake v2 Pipeline area: listings, lookups, config and values, trigger, run, continue."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, overload

from aiohttp import web

from circleci_async.testing._web import (
    ApiError,
    add_slug_route,
    fake_of,
    json_body,
    ok,
    page,
    project_for,
    require_user,
)
from circleci_async.testing.data import FakePipeline, FakeProject, iso
from circleci_async.testing.routes._v2org import MSG_BAD_BODY, check_fields
from circleci_async.testing.routes.v2_pipeline_definitions import definitions_state

__all__ = ["pipeline_json", "register"]

_VCS_ALIASES = {"github": "gh", "gh": "github", "bitbucket": "bb", "bb": "bitbucket"}


def pipeline_json(pipeline: FakePipeline) -> dict[str, Any]:
    """A pipeline as v2 shows it."""
    vcs: dict[str, Any] = {
        "provider_name": "GitHub",
        "target_repository_url": f"https://github.com/{pipeline.project_slug[3:]}",
        "origin_repository_url": f"https://github.com/{pipeline.project_slug[3:]}",
        "revision": pipeline.revision,
        "commit": {"subject": f"Change {pipeline.number}", "body": ""},
    }
    if pipeline.tag:
        vcs["tag"] = pipeline.tag
    else:
        vcs["branch"] = pipeline.branch
    return {
        "id": pipeline.id,
        "errors": [],
        "project_slug": pipeline.project_slug,
        "updated_at": iso(pipeline.created_at),
        "number": pipeline.number,
        "trigger_parameters": pipeline.parameters,
        "state": pipeline.state,
        "created_at": iso(pipeline.created_at),
        "trigger": {
            "type": pipeline.trigger_type,
            "received_at": iso(pipeline.created_at),
            "actor": {"login": pipeline.actor, "avatar_url": None},
        },
        "vcs": vcs,
    }


class _Lazy(Sequence[dict[str, Any]]):
    """``[pipeline_json(p) for p in pipelines]`` computed only for the page served."""

    def __init__(
        self, items: Sequence[FakePipeline], show: Callable[[FakePipeline], dict[str, Any]]
    ) -> None:
        self._items, self._show = items, show

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self._show(p) for p in self._items[index]]
        return self._show(self._items[index])


def _json_page(request: web.Request, pipelines: Sequence[FakePipeline]) -> web.Response:
    return page(request, _Lazy(pipelines, pipeline_json))


def pipeline_for(request: web.Request, pipeline_id: str) -> FakePipeline:
    """Look up a pipeline the caller may see; 404 otherwise."""
    pipeline = fake_of(request).data.pipelines.get(pipeline_id)
    if pipeline is None:
        raise ApiError(404, "Pipeline not found")
    project_for(request, pipeline.project_slug)
    return pipeline


def _newest_first(pipelines: list[FakePipeline]) -> list[FakePipeline]:
    return sorted(pipelines, key=lambda p: (p.created_at, p.number), reverse=True)


def _same_vcs(a: str, b: str) -> bool:
    return a == b or _VCS_ALIASES.get(a) == b


async def list_for_project(request: web.Request) -> web.Response:
    slug = request.match_info["project_slug"]
    project_for(request, slug)
    pipelines = fake_of(request).data.project_pipelines(slug, request.query.get("branch"))
    return _json_page(request, pipelines)


async def list_mine_for_project(request: web.Request) -> web.Response:
    user = require_user(request)
    slug = request.match_info["project_slug"]
    project_for(request, slug)
    pipelines = fake_of(request).data.project_pipelines(slug)
    return _json_page(request, [p for p in pipelines if p.actor == user.login])


async def list_for_org(request: web.Request) -> web.Response:
    user = require_user(request)
    data = fake_of(request).data
    org_slug = request.query.get("org-slug")
    mine = request.query.get("mine")
    if mine not in (None, "true", "false"):
        raise ApiError(400, f"mine must be true or false, got {mine!r}")
    projects = set(data.projects)
    if org_slug is not None:
        vcs, _, org = org_slug.partition("/")
        projects = {
            s for s, p in data.projects.items() if _same_vcs(p.vcs, vcs) and p.org == org and org
        }
    pipelines = [
        p
        for p in data.pipelines.values()
        if p.project_slug in projects and (mine != "true" or p.actor == user.login)
    ]
    return _json_page(request, _newest_first(pipelines))


async def get_pipeline(request: web.Request) -> web.Response:
    return ok(pipeline_json(pipeline_for(request, request.match_info["pipeline_id"])))


async def get_by_number(request: web.Request) -> web.Response:
    slug = request.match_info["project_slug"]
    project_for(request, slug)
    number = request.match_info["pipeline_number"]
    for pipeline in fake_of(request).data.pipelines.values():
        if pipeline.project_slug == slug and str(pipeline.number) == number:
            return ok(pipeline_json(pipeline))
    raise ApiError(404, "Pipeline not found")


async def get_config(request: web.Request) -> web.Response:
    pipeline = pipeline_for(request, request.match_info["pipeline_id"])
    source = pipeline.config_source()
    return ok({"source": source, "compiled": source})


async def get_values(request: web.Request) -> web.Response:
    pipeline = pipeline_for(request, request.match_info["pipeline_id"])
    project = fake_of(request).data.projects[pipeline.project_slug]
    values: dict[str, Any] = {
        "pipeline.id": pipeline.id,
        "pipeline.number": pipeline.number,
        "pipeline.project.git_url": project.vcs_url,
        "pipeline.project.type": "github",
        "pipeline.git.revision": pipeline.revision,
        "pipeline.git.base_revision": pipeline.revision,
        "pipeline.trigger_source": pipeline.trigger_type,
        "pipeline.in_setup": pipeline.state == "setup",
    }
    if pipeline.tag:
        values["pipeline.git.tag"] = pipeline.tag
    else:
        values["pipeline.git.branch"] = pipeline.branch
    return ok(values)


def _parameters(body: dict[str, Any], where: str = "") -> dict[str, Any]:
    params = body.get("parameters", {})
    if not isinstance(params, dict) or not all(
        isinstance(v, str | int | bool) for v in params.values()
    ):
        raise ApiError(400, f"{MSG_BAD_BODY} {where}parameters must map names to scalars")
    return params


def _ref(body: dict[str, Any], key: str) -> dict[str, str]:
    ref = body.get(key, {})
    if not isinstance(ref, dict):
        raise ApiError(400, f"{MSG_BAD_BODY} {key} must be an object")
    check_fields(ref, {"branch", "tag"}, f"{key}.")
    if not all(isinstance(v, str) for v in ref.values()):
        raise ApiError(400, f"{MSG_BAD_BODY} {key}.branch and {key}.tag must be strings")
    return ref


async def _optional_body(request: web.Request) -> dict[str, Any]:
    if not await request.read():
        return {}
    return await json_body(request)


async def trigger(request: web.Request) -> web.Response:
    user = require_user(request)
    slug = request.match_info["project_slug"]
    project_for(request, slug)
    body = await _optional_body(request)
    check_fields(body, {"branch", "tag", "parameters"})
    branch, tag = body.get("branch"), body.get("tag")
    if not isinstance(branch, str | None) or not isinstance(tag, str | None):
        raise ApiError(400, f"{MSG_BAD_BODY} branch and tag must be strings")
    if branch and tag:
        raise ApiError(400, "Only one of branch or tag may be given")
    pipeline = fake_of(request).data.start_pipeline(
        slug, actor=user.login, branch=branch, tag=tag, parameters=_parameters(body)
    )
    return ok(
        {
            "id": pipeline.id,
            "state": pipeline.state,
            "number": pipeline.number,
            "created_at": iso(pipeline.created_at),
        },
        status=201,
    )


def _project_of_run(request: web.Request) -> FakeProject:
    info = request.match_info
    data = fake_of(request).data
    provider = info["provider"]
    for vcs in (provider, _VCS_ALIASES.get(provider, provider)):
        slug = f"{vcs}/{info['organization']}/{info['project']}"
        if slug in data.projects:
            return project_for(request, slug)
    raise ApiError(404, "Project not found")


async def run(request: web.Request) -> web.Response:
    user = require_user(request)
    project = _project_of_run(request)
    body = await _optional_body(request)
    check_fields(body, {"definition_id", "config", "checkout", "parameters"})
    definition_id = body.get("definition_id")
    if definition_id is not None:
        if not isinstance(definition_id, str):
            raise ApiError(400, f"{MSG_BAD_BODY} definition_id must be a string")
        definitions_state.of(request).definition(project.id, definition_id)
    config, checkout = _ref(body, "config"), _ref(body, "checkout")
    branch = checkout.get("branch") or config.get("branch")
    tag = checkout.get("tag") or config.get("tag")
    if branch and tag:
        raise ApiError(400, "Only one of branch or tag may be given")
    data = fake_of(request).data
    if branch is not None and branch in data.run_skip_branches:
        return ok({"message": "Pipeline was not created: no workflow matched the filters."})
    pipeline = data.start_pipeline(
        project.slug,
        actor=user.login,
        branch=branch,
        tag=tag,
        parameters=_parameters(body),
    )
    return ok(
        {
            "state": pipeline.state,
            "created_at": iso(pipeline.created_at),
            "number": pipeline.number,
            "id": pipeline.id,
        },
        status=201,
    )


async def continue_pipeline(request: web.Request) -> web.Response:
    require_user(request)
    body = await json_body(request)
    check_fields(body, {"continuation-key", "configuration", "parameters"})
    key, configuration = body.get("continuation-key"), body.get("configuration")
    if not isinstance(key, str) or not isinstance(configuration, str):
        raise ApiError(400, f"{MSG_BAD_BODY} continuation-key and configuration are required")
    _parameters(body)
    data = fake_of(request).data
    found = next((p for p in data.pipelines.values() if p.continuation_key == key), None)
    if found is None:
        raise ApiError(400, "Invalid or already used continuation key")
    project_for(request, found.project_slug)
    found.continuation_key = None
    found.state = "created"
    found.config = configuration
    workflow = data.add_workflow(found, "continued", jobs=("build",))
    data.start_workflow(workflow)
    return ok({"message": "Pipeline continued"})


def register(app: web.Application) -> None:
    """Add the routes."""
    router = app.router
    add_slug_route(app, "GET", "/api/v2/project/{project_slug}/pipeline", list_for_project)
    add_slug_route(app, "POST", "/api/v2/project/{project_slug}/pipeline", trigger)
    add_slug_route(
        app, "GET", "/api/v2/project/{project_slug}/pipeline/mine", list_mine_for_project
    )
    add_slug_route(
        app, "GET", "/api/v2/project/{project_slug}/pipeline/{pipeline_number:\\d+}", get_by_number
    )
    router.add_post("/api/v2/project/{provider}/{organization}/{project}/pipeline/run", run)
    router.add_get("/api/v2/pipeline", list_for_org)
    router.add_post("/api/v2/pipeline/continue", continue_pipeline)
    router.add_get("/api/v2/pipeline/{pipeline_id}", get_pipeline)
    router.add_get("/api/v2/pipeline/{pipeline_id}/config", get_config)
    router.add_get("/api/v2/pipeline/{pipeline_id}/values", get_values)
