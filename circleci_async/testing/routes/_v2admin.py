"""State of the fake's Context, OIDC, Policy Management, Usage and Organization routes.

One ``AdminState`` per ``FakeCircleCI``, built on first use from the server's seeded data
(with its own random generator, so the seeded ids of the core data do not move).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiohttp import web

from circleci_async.testing._web import ApiError, fake_of, require_user
from circleci_async.testing.data import BASE_TIME, iso
from circleci_async.testing.routes._v2org import PerFake, new_uuid, seeded_random

if TYPE_CHECKING:
    from circleci_async.testing.server import FakeCircleCI

__all__ = [
    "AdminState",
    "FakeAllowListEntry",
    "FakeContext",
    "FakeDecision",
    "FakeEnvVar",
    "FakeOrg",
    "FakeRestriction",
    "FakeUsageExport",
    "PolicyState",
    "admin_state",
    "org_by_slug_or_id",
]

#: How many contexts the fake organization starts with.
SEEDED_CONTEXTS = 25


@dataclass
class FakeEnvVar:
    """An environment variable of a context (the value is kept but never shown)."""

    name: str
    value: str
    context_id: str
    created_at: datetime
    updated_at: datetime

    def json(self) -> dict[str, Any]:
        """The variable as the API shows it."""
        return {
            "variable": self.name,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "context_id": self.context_id,
        }


@dataclass
class FakeRestriction:
    """A restriction of a context."""

    id: str
    context_id: str
    type: str
    value: str
    name: str

    def json(self) -> dict[str, Any]:
        """The restriction as the API shows it."""
        data = {
            "id": self.id,
            "context_id": self.context_id,
            "restriction_type": self.type,
            "restriction_value": self.value,
            "name": self.name,
        }
        if self.type == "project":
            data["project_id"] = self.value
        return data


@dataclass
class FakeContext:
    """A context with its variables and restrictions."""

    id: str
    name: str
    owner_id: str
    created_at: datetime
    env_vars: dict[str, FakeEnvVar] = field(default_factory=dict)
    restrictions: list[FakeRestriction] = field(default_factory=list)

    def json(self) -> dict[str, Any]:
        """The context as the API shows it."""
        return {"id": self.id, "name": self.name, "created_at": iso(self.created_at)}


@dataclass
class FakeAllowListEntry:
    """An entry of a URL orb allow-list."""

    id: str
    name: str
    prefix: str
    auth: str

    def json(self) -> dict[str, Any]:
        """The entry as the API shows it."""
        return {"id": self.id, "name": self.name, "prefix": self.prefix, "auth": self.auth}


@dataclass
class FakeOrg:
    """An organization known to the fake (the seeded one, plus those created)."""

    id: str
    name: str
    vcs_type: str
    allow_list: list[FakeAllowListEntry] = field(default_factory=list)

    @property
    def slug(self) -> str:
        """``gh/name``, ``bb/name`` or ``circleci/<id>`` for standalone organizations."""
        if self.vcs_type == "circleci":
            return f"circleci/{self.id}"
        return f"{'gh' if self.vcs_type == 'github' else 'bb'}/{self.name}"

    def slugs(self) -> set[str]:
        """Every slug that names this organization (short and long VCS names)."""
        long = {"github": "github", "bitbucket": "bitbucket"}.get(self.vcs_type)
        return {self.slug, f"{long}/{self.name}"} if long else {self.slug}

    def json(self) -> dict[str, Any]:
        """The organization as the API shows it."""
        return {"id": self.id, "name": self.name, "slug": self.slug, "vcs_type": self.vcs_type}


@dataclass
class FakeDecision:
    """A logged policy decision and the bundle it was made with."""

    id: str
    created_at: datetime
    decision: dict[str, Any]
    metadata: dict[str, Any]
    policies: dict[str, str]
    bundle: dict[str, list[dict[str, Any]]]
    time_taken_ms: int

    def json(self) -> dict[str, Any]:
        """The decision log entry as the API shows it."""
        return {
            "id": self.id,
            "created_at": iso(self.created_at),
            "decision": self.decision,
            "metadata": self.metadata,
            "policies": self.policies,
            "time_taken_ms": self.time_taken_ms,
        }


@dataclass
class PolicyState:
    """Policies, settings and decision logs of one owner and policy context."""

    policies: dict[str, dict[str, Any]] = field(default_factory=dict)
    enabled: bool = True
    decisions: list[FakeDecision] = field(default_factory=list)


@dataclass
class FakeUsageExport:
    """A usage export job; each read moves it one state on until ``completed``."""

    id: str
    org_id: str
    start: str
    end: str
    state: str = "created"
    download_urls: list[str] = field(default_factory=list)

    def json(self, *, created: bool = False) -> dict[str, Any]:
        """The job as the API shows it (the create answer also echoes the range)."""
        data: dict[str, Any] = {
            "usage_export_job_id": self.id,
            "state": self.state,
            "download_urls": self.download_urls,
        }
        if created:
            data["start"], data["end"] = self.start, self.end
        return data


@dataclass
class AdminState:
    """Everything the Context, OIDC, Policy, Usage and Organization routes keep."""

    rng: random.Random
    clock: datetime
    orgs: list[FakeOrg] = field(default_factory=list)
    contexts: list[FakeContext] = field(default_factory=list)
    org_claims: dict[str, dict[str, Any]] = field(default_factory=dict)
    project_claims: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    policy: dict[tuple[str, str], PolicyState] = field(default_factory=dict)
    exports: dict[str, FakeUsageExport] = field(default_factory=dict)

    def new_id(self) -> str:
        """A fresh deterministic UUID."""
        return new_uuid(self.rng)

    def now(self) -> datetime:
        """A clock that moves one second per call (deterministic timestamps)."""
        self.clock += timedelta(seconds=1)
        return self.clock

    def context(self, context_id: str) -> FakeContext:
        """The context with this id; 404 otherwise."""
        for ctx in self.contexts:
            if ctx.id == context_id:
                return ctx
        raise ApiError(404, "Context not found")

    def policy_of(self, owner_id: str, context: str) -> PolicyState:
        """Policy state of an owner and context (created empty on first use)."""
        return self.policy.setdefault((owner_id, context), PolicyState())


def _seed(fake: FakeCircleCI) -> AdminState:
    data = fake.data
    state = AdminState(seeded_random(fake, "admin"), BASE_TIME)
    org_name = next(iter(data.projects.values())).org if data.projects else "acme"
    state.orgs.append(FakeOrg(data.org_id, org_name, "github"))
    for i in range(SEEDED_CONTEXTS):
        ctx = FakeContext(
            state.new_id(),
            f"context-{i:02d}",
            data.org_id,
            BASE_TIME - timedelta(days=SEEDED_CONTEXTS - i),
        )
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "NPM_TOKEN")[: 1 + i % 3]:
            ctx.env_vars[name] = FakeEnvVar(
                name, f"secret-{i}-{name.lower()}", ctx.id, ctx.created_at, ctx.created_at
            )
        state.contexts.append(ctx)
    return state


#: ``admin_state(fake)``: the state of one server (tests may inspect or change it).
admin_state = PerFake(_seed)


def org_by_slug_or_id(request: web.Request, value: str) -> FakeOrg:
    """The organization named by slug or id; 401 without a user, 404 when unknown."""
    require_user(request)
    for org in admin_state(fake_of(request)).orgs:
        if value == org.id or value in org.slugs():
            return org
    raise ApiError(404, "Organization not found.")
