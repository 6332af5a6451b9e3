"""Fake v2 Project area: projects, advanced settings, checkout keys, environment variables.

Settings, checkout keys and environment variables live in :data:`projects_state`, one per
server, seeded on first use for each project (one deploy key, two variables, CircleCI's
default settings).
"""

from __future__ import annotations

import base64
import hashlib
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

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
from circleci_async.testing.data import BASE_TIME, FakeProject, iso
from circleci_async.testing.routes._v2org import PerFake, seeded_random

if TYPE_CHECKING:
    from circleci_async.testing.server import FakeCircleCI

__all__ = [
    "DEFAULT_SETTINGS",
    "FakeCheckoutKey",
    "FakeEnvVar",
    "ProjectsState",
    "mask",
    "project_json",
    "projects_state",
    "register",
]

#: CircleCI's default advanced settings of a new project.
DEFAULT_SETTINGS: dict[str, Any] = {
    "autocancel_builds": False,
    "build_fork_prs": False,
    "build_prs_only": False,
    "disable_ssh": False,
    "forks_receive_secret_env_vars": False,
    "oss": False,
    "set_github_status": True,
    "setup_workflows": False,
    "write_settings_requires_admin": False,
    "pr_only_branch_overrides": ["main"],
}
_VCS_ALIASES = {"github": "gh", "bitbucket": "bb"}
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_MAX_BRANCH_OVERRIDES = 100


def mask(value: str) -> str:
    """Mask a secret like CircleCI: ``xxxx`` and its last four characters."""
    return "xxxx" + value[-4:]


def project_json(project: FakeProject) -> dict[str, Any]:
    """A project as v2 shows it."""
    return {
        "slug": project.slug,
        "name": project.name,
        "id": project.id,
        "organization_name": project.org,
        "organization_slug": f"{project.vcs}/{project.org}",
        "organization_id": project.org_id,
        "vcs_info": {
            "vcs_url": project.vcs_url,
            "provider": {"bb": "Bitbucket", "bitbucket": "Bitbucket", "circleci": "CircleCI"}.get(
                project.vcs, "GitHub"
            ),
            "default_branch": project.default_branch,
        },
    }


@dataclass
class FakeCheckoutKey:
    """A checkout key; both fingerprints are kept, the API shows one per ``digest``."""

    public_key: str
    type: str
    created_at: datetime
    preferred: bool = False

    @property
    def md5(self) -> str:
        """The MD5 fingerprint (``aa:bb:…``)."""
        digest = hashlib.md5(self._blob()).hexdigest()
        return ":".join(digest[i : i + 2] for i in range(0, 32, 2))

    @property
    def sha256(self) -> str:
        """The SHA256 fingerprint (``SHA256:…``)."""
        digest = hashlib.sha256(self._blob()).digest()
        return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")

    def _blob(self) -> bytes:
        return base64.b64decode(self.public_key.split()[1])

    def json(self, digest: str = "md5") -> dict[str, Any]:
        """The key as the API shows it."""
        return {
            "public-key": self.public_key,
            "type": self.type,
            "fingerprint": self.sha256 if digest == "sha256" else self.md5,
            "preferred": self.preferred,
            "created-at": iso(self.created_at),
        }


@dataclass
class FakeEnvVar:
    """A project environment variable (the API only ever shows it masked)."""

    name: str
    value: str
    created_at: datetime

    def json(self) -> dict[str, Any]:
        """The variable as the API shows it."""
        return {"name": self.name, "value": mask(self.value), "created-at": iso(self.created_at)}


@dataclass
class ProjectExtras:
    """Settings, checkout keys and environment variables of one project."""

    settings: dict[str, Any]
    keys: list[FakeCheckoutKey] = field(default_factory=list)
    env: dict[str, FakeEnvVar] = field(default_factory=dict)


@dataclass
class ProjectsState:
    """Per-project extras of one server, keyed by project slug."""

    rng: random.Random
    now: datetime
    extras: dict[str, ProjectExtras] = field(default_factory=dict)

    def tick(self) -> datetime:
        """A creation time: one second later than the previous one."""
        self.now += timedelta(seconds=1)
        return self.now

    def of(self, project: FakeProject) -> ProjectExtras:
        """The extras of ``project`` (seeded on first use)."""
        found = self.extras.get(project.slug)
        if found is None:
            found = self.extras[project.slug] = ProjectExtras(dict(DEFAULT_SETTINGS))
            self.add_key(found, "deploy-key")
            for name, value in (("AWS_REGION", "us-east-1"), ("API_KEY", self.secret())):
                found.env[name] = FakeEnvVar(name, value, self.tick())
        return found

    def secret(self) -> str:
        """A random secret string."""
        return f"{self.rng.getrandbits(128):032x}"

    def add_key(self, extras: ProjectExtras, key_type: str) -> FakeCheckoutKey:
        """Add a checkout key; the first key of a project is the preferred one."""
        blob = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + self.rng.randbytes(32)
        key = FakeCheckoutKey(
            public_key="ssh-ed25519 " + base64.b64encode(blob).decode(),
            type=key_type,
            created_at=self.tick(),
            preferred=not extras.keys,
        )
        extras.keys.append(key)
        return key


def _seed(fake: FakeCircleCI) -> ProjectsState:
    return ProjectsState(seeded_random(fake, "projects"), BASE_TIME - timedelta(days=120))


#: ``projects_state(fake)``: settings, checkout keys and variables of one server's projects.
projects_state = PerFake(_seed)


def _bad(message: str) -> ApiError:
    return ApiError(400, message)


def _signed_in_project(request: web.Request, slug: str) -> FakeProject:
    require_user(request)
    return project_for(request, slug)


def _by_parts(request: web.Request) -> FakeProject:
    """The project of a ``/project/{provider}/{organization}/{project}`` route."""
    require_user(request)
    info = request.match_info
    vcs = _VCS_ALIASES.get(info["provider"], info["provider"])
    projects = fake_of(request).data.projects
    for candidate in (
        f"{info['provider']}/{info['organization']}/{info['project']}",
        f"{vcs}/{info['organization']}/{info['project']}",
    ):
        if candidate in projects:
            return projects[candidate]
    raise ApiError(404, "Project not found.")


# ---- projects ---------------------------------------------------------------------------


async def get_project(request: web.Request) -> web.Response:
    return ok(project_json(project_for(request, request.match_info["project_slug"])))


async def create_project(request: web.Request) -> web.Response:
    require_user(request)
    data = fake_of(request).data
    org = request.match_info.get("org_slug_or_id") or (
        f"{request.match_info['vcs']}/{request.match_info['org']}"
    )
    orgs = {f"{p.vcs}/{p.org}" for p in data.projects.values()}
    if org == data.org_id:
        org = min(orgs)
    if org not in orgs:
        raise ApiError(404, "Organization not found.")
    body = await json_body(request)
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _bad("name must be a non-empty string")
    if not re.fullmatch(r"[A-Za-z0-9._-]+", name):
        raise _bad(f"Invalid project name {name!r}")
    slug = f"{org}/{name}"
    if slug in data.projects:
        raise ApiError(409, "Project already exists.")
    return ok(project_json(data.add_project(slug)))


async def delete_project(request: web.Request) -> web.Response:
    project = _signed_in_project(request, request.match_info["project_slug"])
    del fake_of(request).data.projects[project.slug]
    projects_state.of(request).extras.pop(project.slug, None)
    return ok({"message": "Project deleted."})


async def follow_project(request: web.Request) -> web.Response:
    """The deprecated ``createProject1``: set up an existing repository as a project."""
    require_user(request)
    info = request.match_info
    if info["provider"] == "circleci":
        raise ApiError(
            405,
            "Create projects using the API is currently supported for classic Github OAuth "
            "and Bitbucket projects only.",
        )
    try:
        project = _by_parts(request)
    except ApiError:
        data = fake_of(request).data
        vcs = _VCS_ALIASES.get(info["provider"], info["provider"])
        if not any(p.org == info["organization"] for p in data.projects.values()):
            raise ApiError(404, "Project not found.") from None
        project = data.add_project(f"{vcs}/{info['organization']}/{info['project']}")
    settings = projects_state.of(request).of(project).settings
    return ok({"advanced": settings}, 201)


async def get_settings(request: web.Request) -> web.Response:
    project = _by_parts(request)
    return ok({"advanced": projects_state.of(request).of(project).settings})


def _settings_patch(body: dict[str, Any], project: FakeProject) -> dict[str, Any]:
    """Validate a settings PATCH body like CircleCI; the changes to apply."""
    if not body:
        raise _bad("No JSON fields found.")
    for key in body:
        if key != "advanced":
            raise _bad(f"Unexpected JSON field '{key}'")
    advanced = body["advanced"]
    if not isinstance(advanced, dict) or not advanced:
        raise _bad("No JSON fields found.")
    for key, value in advanced.items():
        if key not in DEFAULT_SETTINGS:
            raise _bad(f"Unknown advanced setting '{key}'.")
        if key == "pr_only_branch_overrides":
            if not isinstance(value, list) or not all(isinstance(b, str) for b in value):
                raise _bad(f"Setting '{key}' must be a list of branch names.")
            if len(value) > _MAX_BRANCH_OVERRIDES:
                raise _bad(f"Field '{key}' only supports up to 100 branches.")
        elif not isinstance(value, bool):
            raise _bad(f"Setting '{key}' must be boolean.")
    if advanced.get("oss") is True and not project.public:
        raise _bad("Feature flag 'oss' is not settable for this project.")
    return advanced


async def patch_settings(request: web.Request) -> web.Response:
    project = _by_parts(request)
    changes = _settings_patch(await json_body(request), project)
    settings = projects_state.of(request).of(project).settings
    settings.update(changes)
    return ok({"advanced": settings})


# ---- checkout keys ----------------------------------------------------------------------


def _extras(request: web.Request) -> ProjectExtras:
    project = _signed_in_project(request, request.match_info["project_slug"])
    return projects_state.of(request).of(project)


def _find_key(request: web.Request) -> tuple[ProjectExtras, FakeCheckoutKey, str]:
    extras = _extras(request)
    fingerprint = request.match_info["fingerprint"]
    for key in extras.keys:
        if fingerprint == key.md5:
            return extras, key, "md5"
        if fingerprint == key.sha256:
            return extras, key, "sha256"
    raise ApiError(404, "Checkout key not found.")


async def list_checkout_keys(request: web.Request) -> web.Response:
    extras = _extras(request)
    digest = request.query.get("digest", "md5")
    if digest not in ("md5", "sha256"):
        raise _bad(f"digest must be md5 or sha256, got {digest!r}")
    return page(request, [key.json(digest) for key in extras.keys])


async def create_checkout_key(request: web.Request) -> web.Response:
    extras = _extras(request)
    body = await json_body(request)
    if set(body) - {"type"}:
        raise _bad(f"Unexpected JSON field '{sorted(set(body) - {'type'})[0]}'")
    kind = body.get("type")
    if kind not in ("deploy-key", "user-key"):
        raise _bad("type must be 'deploy-key' or 'user-key'")
    key_type = "github-user-key" if kind == "user-key" else "deploy-key"
    key = projects_state.of(request).add_key(extras, key_type)
    return ok(key.json(), 201)


async def get_checkout_key(request: web.Request) -> web.Response:
    _, key, digest = _find_key(request)
    return ok(key.json(digest))


async def delete_checkout_key(request: web.Request) -> web.Response:
    extras, key, _ = _find_key(request)
    extras.keys.remove(key)
    if key.preferred and extras.keys:
        extras.keys[0].preferred = True
    return ok({"message": "ok"})


# ---- environment variables --------------------------------------------------------------


def _find_env(request: web.Request) -> tuple[ProjectExtras, FakeEnvVar]:
    extras = _extras(request)
    found = extras.env.get(request.match_info["name"])
    if found is None:
        raise ApiError(404, "Environment variable not found.")
    return extras, found


async def list_env_vars(request: web.Request) -> web.Response:
    extras = _extras(request)
    return page(request, [var.json() for var in sorted(extras.env.values(), key=_by_name)])


def _by_name(var: FakeEnvVar) -> str:
    return var.name


async def create_env_var(request: web.Request) -> web.Response:
    extras = _extras(request)
    body = await json_body(request)
    unknown = sorted(set(body) - {"name", "value"})
    if unknown:
        raise _bad(f"Unexpected JSON field '{unknown[0]}'")
    name, value = body.get("name"), body.get("value")
    if not isinstance(name, str) or not _ENV_NAME.match(name):
        raise _bad(f"Invalid environment variable name {name!r}")
    if not isinstance(value, str):
        raise _bad("value must be a string")
    var = extras.env[name] = FakeEnvVar(name, value, projects_state.of(request).tick())
    return ok(var.json(), 201)


async def get_env_var(request: web.Request) -> web.Response:
    return ok(_find_env(request)[1].json())


async def delete_env_var(request: web.Request) -> web.Response:
    extras, var = _find_env(request)
    del extras.env[var.name]
    return ok({"message": "Environment variable deleted."})


def register(app: web.Application) -> None:
    """Add the routes."""
    add_slug_route(app, "GET", "/api/v2/project/{project_slug}", get_project)
    add_slug_route(app, "DELETE", "/api/v2/project/{project_slug}", delete_project)
    app.router.add_post("/api/v2/organization/{org_slug_or_id}/project", create_project)
    app.router.add_post(
        "/api/v2/organization/{vcs:(?:gh|github|bb|bitbucket|circleci)}/{org}/project",
        create_project,
    )
    by_parts = (
        "/api/v2/project/{provider:(?:gh|github|bb|bitbucket|circleci)}/{organization}/{project}"
    )
    app.router.add_post(by_parts, follow_project)
    app.router.add_get(by_parts + "/settings", get_settings)
    app.router.add_patch(by_parts + "/settings", patch_settings)
    keys = "/api/v2/project/{project_slug}/checkout-key"
    add_slug_route(app, "GET", keys, list_checkout_keys)
    add_slug_route(app, "POST", keys, create_checkout_key)
    add_slug_route(app, "GET", keys + "/{fingerprint}", get_checkout_key)
    add_slug_route(app, "DELETE", keys + "/{fingerprint}", delete_checkout_key)
    env = "/api/v2/project/{project_slug}/envvar"
    add_slug_route(app, "GET", env, list_env_vars)
    add_slug_route(app, "POST", env, create_env_var)
    add_slug_route(app, "GET", env + "/{name}", get_env_var)
    add_slug_route(app, "DELETE", env + "/{name}", delete_env_var)
