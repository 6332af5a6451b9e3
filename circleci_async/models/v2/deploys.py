"""Models of the Deploy area: environments, components and their versions."""

from __future__ import annotations

from datetime import datetime

from circleci_async.models._base import Model

__all__ = ["Component", "ComponentVersion", "Environment", "Label"]


class Label(Model):
    """A ``key``/``value`` label on an environment or a component."""

    key: str | None = None
    value: str | None = None


class Environment(Model):
    """A deploy environment of an organization (``production``, ``staging``, …)."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    labels: list[Label] | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class Component(Model):
    """A deployable component (a service) of a project."""

    id: str | None = None
    name: str | None = None
    project_id: str | None = None
    labels: list[Label] | None = None
    release_count: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class ComponentVersion(Model):
    """A version of a component deployed to an environment, and the job that deployed it."""

    name: str | None = None
    environment_id: str | None = None
    namespace: str | None = None
    is_live: bool | None = None
    pipeline_id: str | None = None
    workflow_id: str | None = None
    job_id: str | None = None
    job_number: int | None = None
    last_deployed_at: datetime | None = None
