"""Fake v2 Pipeline Definition area: stateful CRUD of each project's pipeline definitions.

The state also holds the triggers (``v2_triggers`` serves them): deleting a definition
deletes its triggers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiohttp import web

from circleci_async.testing._web import ApiError, json_body, ok
from circleci_async.testing.data import BASE_TIME, FakeProject, iso
from circleci_async.testing.routes._v2org import (
    MSG_BAD_BODY,
    PerFake,
    check_fields,
    new_uuid,
    optional_str,
    project_by_id,
    require_obj,
    require_str,
    seeded_random,
)

if TYPE_CHECKING:
    from circleci_async.testing.server import FakeCircleCI

__all__ = [
    "DefinitionsState",
    "FakePipelineDefinition",
    "FakeTrigger",
    "definitions_state",
    "register",
]


@dataclass
class FakePipelineDefinition:
    """A pipeline definition of a project; sources are kept as the API shows them."""

    id: str
    project_id: str
    name: str
    created_at: datetime
    config_source: dict[str, Any]
    checkout_source: dict[str, Any]
    description: str = ""

    def json(self) -> dict[str, Any]:
        """The definition as the API shows it."""
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "created_at": iso(self.created_at),
            "config_source": self.config_source,
            "checkout_source": self.checkout_source,
        }


@dataclass
class FakeTrigger:
    """A trigger of a pipeline definition."""

    id: str
    project_id: str
    definition_id: str
    created_at: datetime
    event_source: dict[str, Any]
    event_name: str = ""
    event_preset: str | None = None
    checkout_ref: str = ""
    config_ref: str = ""
    disabled: bool = False

    def json(self) -> dict[str, Any]:
        """The trigger as the API shows it."""
        data: dict[str, Any] = {
            "id": self.id,
            "created_at": iso(self.created_at),
            "event_source": self.event_source,
            "event_name": self.event_name,
            "checkout_ref": self.checkout_ref,
            "config_ref": self.config_ref,
            "disabled": self.disabled,
        }
        if self.event_preset is not None:
            data["event_preset"] = self.event_preset
        return data


@dataclass
class DefinitionsState:
    """Pipeline definitions and triggers of every project, and the known repositories.

    Seeded with one ``build-and-test`` definition per project (config and checkout from the
    project's GitHub repository) with one ``all-pushes`` trigger.
    """

    rng: random.Random
    now: datetime
    definitions: dict[str, FakePipelineDefinition] = field(default_factory=dict)
    triggers: dict[str, FakeTrigger] = field(default_factory=dict)
    #: Repository ``external_id`` → ``full_name``.
    repos: dict[str, str] = field(default_factory=dict)

    def tick(self) -> datetime:
        """A creation time: one second later than the previous one."""
        self.now += timedelta(seconds=1)
        return self.now

    def repo_json(self, external_id: str) -> dict[str, Any]:
        """A repository reference as the API shows it (``full_name`` when known)."""
        full_name = self.repos.get(external_id)
        if full_name is None:
            return {"external_id": external_id}
        return {"full_name": full_name, "external_id": external_id}

    def definition(self, project_id: str, definition_id: str) -> FakePipelineDefinition:
        """A definition of this project; 404 otherwise."""
        found = self.definitions.get(definition_id)
        if found is None or found.project_id != project_id:
            raise ApiError(404, "Pipeline definition not found.")
        return found

    def trigger(self, project_id: str, trigger_id: str) -> FakeTrigger:
        """A trigger of this project; 404 otherwise."""
        found = self.triggers.get(trigger_id)
        if found is None or found.project_id != project_id:
            raise ApiError(404, "Trigger not found.")
        return found

    def add_definition(
        self,
        project_id: str,
        name: str,
        config_source: dict[str, Any],
        checkout_source: dict[str, Any],
        description: str = "",
    ) -> FakePipelineDefinition:
        """Add a definition with a fresh id."""
        found = FakePipelineDefinition(
            self.new_id(),
            project_id,
            name,
            self.tick(),
            config_source,
            checkout_source,
            description,
        )
        self.definitions[found.id] = found
        return found

    def new_id(self) -> str:
        """A fresh deterministic id."""
        return new_uuid(self.rng)

    def add_trigger(
        self,
        definition: FakePipelineDefinition,
        event_source: dict[str, Any],
        *,
        trigger_id: str | None = None,
        **fields: Any,
    ) -> FakeTrigger:
        """Add a trigger to ``definition`` (with a fresh id unless ``trigger_id`` is given)."""
        trigger = FakeTrigger(
            trigger_id or self.new_id(),
            definition.project_id,
            definition.id,
            self.tick(),
            event_source,
            **fields,
        )
        self.triggers[trigger.id] = trigger
        return trigger

    def seed_project(self, project: FakeProject) -> None:
        """Give a project its GitHub repository, a definition and a trigger."""
        external_id = str(self.rng.randint(100_000_000, 999_999_999))
        self.repos[external_id] = f"{project.org}/{project.name}"
        repo = self.repo_json(external_id)
        definition = self.add_definition(
            project.id,
            "build-and-test",
            {"provider": "github_app", "repo": repo, "file_path": ".circleci/config.yml"},
            {"provider": "github_app", "repo": repo},
            f"Builds and tests {project.name} on every push.",
        )
        self.add_trigger(
            definition, {"provider": "github_app", "repo": repo}, event_preset="all-pushes"
        )


def _seed(fake: FakeCircleCI) -> DefinitionsState:
    state = DefinitionsState(seeded_random(fake, "pipeline-definitions"), BASE_TIME - timedelta(90))
    for project in fake.data.projects.values():
        state.seed_project(project)
    return state


#: ``definitions_state(fake)``: pipeline definitions and triggers of one server.
definitions_state = PerFake(_seed)


def _repo(state: DefinitionsState, source: dict[str, Any], where: str) -> dict[str, Any]:
    repo = require_obj(source, "repo", where)
    check_fields(repo, {"external_id"}, f"{where}repo.")
    return state.repo_json(require_str(repo, "external_id", f"{where}repo."))


def _new_config_source(state: DefinitionsState, body: dict[str, Any]) -> dict[str, Any]:
    where = "config_source."
    source = require_obj(body, "config_source")
    check_fields(source, {"provider", "repo", "file_path"}, where)
    provider = require_str(source, "provider", where)
    file_path = require_str(source, "file_path", where)
    if provider == "github_app":
        return {"provider": provider, "repo": _repo(state, source, where), "file_path": file_path}
    if provider == "circleci":
        if "repo" in source:
            raise ApiError(400, f"{MSG_BAD_BODY} config_source.repo is not allowed for circleci")
        return {"provider": provider, "file_path": file_path}
    raise ApiError(400, f"{MSG_BAD_BODY} config_source.provider {provider!r} is not supported")


def _new_checkout_source(state: DefinitionsState, body: dict[str, Any]) -> dict[str, Any]:
    where = "checkout_source."
    source = require_obj(body, "checkout_source")
    check_fields(source, {"provider", "repo"}, where)
    provider = require_str(source, "provider", where)
    if provider != "github_app":
        raise ApiError(400, f"{MSG_BAD_BODY} checkout_source.provider must be github_app")
    return {"provider": provider, "repo": _repo(state, source, where)}


async def list_definitions(request: web.Request) -> web.Response:
    project = project_by_id(request, request.match_info["project_id"])
    state = definitions_state.of(request)
    items = [d.json() for d in state.definitions.values() if d.project_id == project.id]
    return ok({"items": items})


async def create_definition(request: web.Request) -> web.Response:
    project = project_by_id(request, request.match_info["project_id"])
    state = definitions_state.of(request)
    body = await json_body(request)
    check_fields(body, {"name", "description", "config_source", "checkout_source"})
    definition = state.add_definition(
        project.id,
        require_str(body, "name"),
        _new_config_source(state, body),
        _new_checkout_source(state, body),
        optional_str(body, "description") or "",
    )
    return ok(definition.json())


async def get_definition(request: web.Request) -> web.Response:
    project = project_by_id(request, request.match_info["project_id"])
    state = definitions_state.of(request)
    return ok(state.definition(project.id, request.match_info["pipeline_definition_id"]).json())


async def update_definition(request: web.Request) -> web.Response:
    project = project_by_id(request, request.match_info["project_id"])
    state = definitions_state.of(request)
    definition = state.definition(project.id, request.match_info["pipeline_definition_id"])
    body = await json_body(request)
    check_fields(body, {"name", "description", "config_source", "checkout_source"})
    name = require_str(body, "name") if "name" in body else definition.name
    description = optional_str(body, "description")
    config_path: str | None = None
    if "config_source" in body:
        source = require_obj(body, "config_source")
        check_fields(source, {"file_path"}, "config_source.")
        config_path = optional_str(source, "file_path", "config_source.")
    checkout: dict[str, Any] | None = None
    if "checkout_source" in body:
        source = require_obj(body, "checkout_source")
        check_fields(source, {"provider", "repo"}, "checkout_source.")
        checkout = dict(definition.checkout_source)
        if "provider" in source:
            checkout["provider"] = require_str(source, "provider", "checkout_source.")
        if "repo" in source:
            checkout["repo"] = _repo(state, source, "checkout_source.")
    definition.name = name
    if description is not None:
        definition.description = description
    if config_path is not None:
        definition.config_source = {**definition.config_source, "file_path": config_path}
    if checkout is not None:
        definition.checkout_source = checkout
    return ok(definition.json())


async def delete_definition(request: web.Request) -> web.Response:
    project = project_by_id(request, request.match_info["project_id"])
    state = definitions_state.of(request)
    definition = state.definition(project.id, request.match_info["pipeline_definition_id"])
    del state.definitions[definition.id]
    for trigger in [t for t in state.triggers.values() if t.definition_id == definition.id]:
        del state.triggers[trigger.id]
    return ok({"message": "Pipeline definition deleted successfully."})


def register(app: web.Application) -> None:
    """Add the routes."""
    base = "/api/v2/projects/{project_id}/pipeline-definitions"
    app.router.add_get(base, list_definitions)
    app.router.add_post(base, create_definition)
    app.router.add_get(base + "/{pipeline_definition_id}", get_definition)
    app.router.add_patch(base + "/{pipeline_definition_id}", update_definition)
    app.router.add_delete(base + "/{pipeline_definition_id}", delete_definition)
