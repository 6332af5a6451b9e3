"""Fake v2 Deploy area: the organization's environments, components and their versions.

Seeded per server: 25 environments (``production``, ``staging``, ``qa``, ``development`` and
21 ``preview-NN``), three components per project, and for each component twelve versions each
deployed to ``staging`` then ``production`` by jobs of the project's seeded pipelines.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiohttp import web

from circleci_async.testing._web import ApiError, fake_of, ok, page, require_user
from circleci_async.testing.data import BASE_TIME, FakeData, FakePipeline, iso
from circleci_async.testing.routes._v2org import (
    PerFake,
    new_uuid,
    page_size_param,
    seeded_random,
    uuid_param,
)

if TYPE_CHECKING:
    from circleci_async.testing.server import FakeCircleCI

__all__ = [
    "DeployState",
    "FakeComponent",
    "FakeDeployment",
    "FakeEnvironment",
    "deploy_state",
    "register",
]

_PREVIEWS = tuple(f"preview-{n:02d}" for n in range(1, 22))
_ENVIRONMENTS = ("production", "staging", "qa", "development", *_PREVIEWS)
_COMPONENT_KINDS = ("service", "worker", "migrations")
_VERSIONS_PER_COMPONENT = 12


@dataclass
class FakeEnvironment:
    """A deploy environment of the organization."""

    id: str
    name: str
    description: str
    labels: list[dict[str, str]]
    created_at: datetime
    updated_at: datetime

    def json(self) -> dict[str, Any]:
        """The environment as the API shows it."""
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "labels": self.labels,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
        }


@dataclass
class FakeDeployment:
    """One version of a component deployed to one environment by one job."""

    name: str
    environment_id: str
    namespace: str
    is_live: bool
    pipeline_id: str
    workflow_id: str
    job_id: str
    job_number: int | None
    last_deployed_at: datetime

    def json(self) -> dict[str, Any]:
        """The version as the API shows it."""
        data: dict[str, Any] = {
            "name": self.name,
            "environment_id": self.environment_id,
            "namespace": self.namespace,
            "is_live": self.is_live,
            "pipeline_id": self.pipeline_id,
            "workflow_id": self.workflow_id,
            "job_id": self.job_id,
            "last_deployed_at": iso(self.last_deployed_at),
        }
        if self.job_number is not None:
            data["job_number"] = self.job_number
        return data


@dataclass
class FakeComponent:
    """A deployable component of a project, with its deployments (newest first)."""

    id: str
    name: str
    project_id: str
    project_slug: str
    labels: list[dict[str, str]]
    created_at: datetime
    deployments: list[FakeDeployment] = field(default_factory=list)

    def json(self) -> dict[str, Any]:
        """The component as the API shows it."""
        updated = max((d.last_deployed_at for d in self.deployments), default=self.created_at)
        return {
            "id": self.id,
            "name": self.name,
            "project_id": self.project_id,
            "labels": self.labels,
            "release_count": len({d.name for d in self.deployments}),
            "created_at": iso(self.created_at),
            "updated_at": iso(updated),
        }

    def live(self, environment_id: str) -> FakeDeployment | None:
        """The live deployment in an environment, if any."""
        for deployment in self.deployments:
            if deployment.environment_id == environment_id and deployment.is_live:
                return deployment
        return None

    def deploy(
        self,
        name: str,
        environment_id: str,
        pipeline: FakePipeline,
        when: datetime,
        namespace: str = "default",
    ) -> FakeDeployment:
        """Record ``name`` as deployed (and live) in an environment by ``pipeline``."""
        previous = self.live(environment_id)
        if previous is not None:
            previous.is_live = False
        workflow = pipeline.workflows[0]
        job = workflow.jobs[-1]
        deployment = FakeDeployment(
            name=name,
            environment_id=environment_id,
            namespace=namespace,
            is_live=True,
            pipeline_id=pipeline.id,
            workflow_id=workflow.id,
            job_id=job.id,
            job_number=job.number,
            last_deployed_at=when,
        )
        self.deployments.insert(0, deployment)
        return deployment


@dataclass
class DeployState:
    """Environments and components of the fake organization."""

    rng: random.Random
    environments: list[FakeEnvironment] = field(default_factory=list)
    components: list[FakeComponent] = field(default_factory=list)

    def environment(self, environment_id: str) -> FakeEnvironment:
        """An environment by id; 404 otherwise."""
        for environment in self.environments:
            if environment.id == environment_id:
                return environment
        raise ApiError(404, "Environment not found.")

    def component(self, component_id: str) -> FakeComponent:
        """A component by id; 404 otherwise."""
        for component in self.components:
            if component.id == component_id:
                return component
        raise ApiError(404, "Component not found.")


def _seed(fake: FakeCircleCI) -> DeployState:
    data: FakeData = fake.data
    state = DeployState(seeded_random(fake, "deploys"))
    start = BASE_TIME - timedelta(days=365)
    for index, name in enumerate(_ENVIRONMENTS):
        tier = name if index < 4 else "preview"
        created = start + timedelta(days=index)
        state.environments.append(
            FakeEnvironment(
                new_uuid(state.rng),
                name,
                f"The {name} environment",
                [{"key": "tier", "value": tier}],
                created,
                created + timedelta(days=30),
            )
        )
    production, staging = state.environments[0], state.environments[1]
    for project in data.projects.values():
        pipelines = list(reversed(data.project_pipelines(project.slug)))  # oldest first
        for kind in _COMPONENT_KINDS:
            component = FakeComponent(
                new_uuid(state.rng),
                f"{project.name}-{kind}",
                project.id,
                project.slug,
                [{"key": "team", "value": project.org}],
                start + timedelta(days=30),
            )
            state.components.append(component)
            for n in range(min(_VERSIONS_PER_COMPONENT, len(pipelines))):
                pipeline = pipelines[n]
                version = f"1.{n // 4}.{n % 4}"
                when = pipeline.created_at + timedelta(minutes=20)
                component.deploy(version, staging.id, pipeline, when)
                component.deploy(version, production.id, pipeline, when + timedelta(hours=1))
    return state


#: ``deploy_state(fake)``: environments and components of one server.
deploy_state = PerFake(_seed)


def _org(request: web.Request) -> None:
    require_user(request)
    if uuid_param(request, "org-id", required=True) != fake_of(request).data.org_id:
        raise ApiError(404, "Organization does not exist.")


async def list_environments(request: web.Request) -> web.Response:
    _org(request)
    size = page_size_param(request, "page-size", default=None)
    items = [e.json() for e in deploy_state.of(request).environments]
    return page(request, items, page_size=size)


async def get_environment(request: web.Request) -> web.Response:
    require_user(request)
    return ok(deploy_state.of(request).environment(request.match_info["environment_id"]).json())


async def list_components(request: web.Request) -> web.Response:
    _org(request)
    project_id = uuid_param(request, "project-id", required=False)
    size = page_size_param(request, "page-size", default=None)
    items = [
        c.json()
        for c in deploy_state.of(request).components
        if project_id is None or c.project_id == project_id
    ]
    return page(request, items, page_size=size)


async def get_component(request: web.Request) -> web.Response:
    require_user(request)
    return ok(deploy_state.of(request).component(request.match_info["component_id"]).json())


async def list_component_versions(request: web.Request) -> web.Response:
    require_user(request)
    state = deploy_state.of(request)
    component = state.component(request.match_info["component_id"])
    environment_id = uuid_param(request, "environment-id", required=False)
    items = [
        d.json()
        for d in component.deployments
        if environment_id is None or d.environment_id == environment_id
    ]
    size = page_size_param(request, "page-size", default=fake_of(request).page_size)
    return page(request, items, page_size=size)


def register(app: web.Application) -> None:
    """Add the routes."""
    app.router.add_get("/api/v2/deploy/environments", list_environments)
    app.router.add_get("/api/v2/deploy/environments/{environment_id}", get_environment)
    app.router.add_get("/api/v2/deploy/components", list_components)
    app.router.add_get("/api/v2/deploy/components/{component_id}", get_component)
    app.router.add_get("/api/v2/deploy/components/{component_id}/versions", list_component_versions)
