"""Fake API v1.1: builds, projects, keys, env vars, artifacts, tests, the Heroku key.

v1.1 state (retries, triggers, cancels, followed projects, keys, variables) lives in a
:class:`V1State` of its own, separate from the v2 data: builds are the seeded v2 jobs (same
numbers, artifacts and test results) plus whatever v1.1 calls created. Answers are compact JSON
for ``Accept: application/json``, pretty JSON for any other ``Accept``, and Clojure EDN without
one, like CircleCI.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import weakref
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiohttp import web

from circleci_async.testing._web import ApiError, fake_of, json_body, require_user
from circleci_async.testing.data import BASE_TIME, FakeJob, FakeProject, iso
from circleci_async.testing.routes.v2_jobs import artifact_url

if TYPE_CHECKING:
    from circleci_async.testing.server import FakeCircleCI

__all__ = ["V1Build", "V1State", "edn", "register", "v1_state"]

MAX_LIMIT = 100
_ALIASES = {"github": "gh", "bitbucket": "bb"}
_FILTERS = ("completed", "successful", "failed", "running")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_KEY_TYPES = ("deploy-key", "github-user-key")


@dataclass
class V1Build:
    """A v1.1 build: a seeded v2 job, or one a v1.1 retry/trigger created (``job`` None)."""

    project: FakeProject
    build_num: int
    branch: str
    revision: str
    subject: str
    why: str
    status: str
    lifecycle: str
    outcome: str | None
    queued_at: datetime
    start_time: datetime | None = None
    stop_time: datetime | None = None
    job_name: str = "build"
    parallel: int = 1
    job: FakeJob | None = None
    workflow_name: str | None = None
    retry_of: int | None = None
    tag: str | None = None
    build_parameters: dict[str, Any] | None = None
    ssh_enabled: bool | None = None
    canceled: bool = False
    ssh_users: list[str] = field(default_factory=list)


@dataclass
class _CheckoutKey:
    public_key: str
    type: str
    time: datetime
    preferred: bool = True

    @property
    def md5(self) -> str:
        digest = hashlib.md5(self.public_key.encode(), usedforsecurity=False).hexdigest()
        return ":".join(digest[i : i + 2] for i in range(0, 32, 2))

    @property
    def sha256(self) -> str:
        digest = hashlib.sha256(self.public_key.encode()).digest()
        return base64.b64encode(digest).decode().rstrip("=")


class V1State:
    """Everything v1.1 calls changed, per fake server (see :func:`v1_state`)."""

    def __init__(self, fake: FakeCircleCI) -> None:
        self._fake = fake
        self.builds: dict[tuple[str, int], V1Build] = {}
        #: Followed projects: at first, every project with builds.
        self.followed: set[str] = {slug for slug, _ in fake.data.job_numbers}
        self.checkout_keys: dict[str, list[_CheckoutKey]] = {}
        self.ssh_keys: dict[str, dict[str, str]] = {}
        """Project slug → fingerprint → hostname."""
        self.env_vars: dict[str, dict[str, str]] = {}
        self.heroku_keys: dict[str, str] = {}
        """User login → Heroku API key."""
        self.pipeline_triggers: list[tuple[str, dict[str, Any]]] = []
        for slug in fake.data.projects:
            self.checkout_keys[slug] = [
                _CheckoutKey(f"ssh-rsa AAAA{slug.replace('/', '')}", "deploy-key", BASE_TIME)
            ]

    def sync(self) -> None:
        """Add a build for every numbered v2 job not seen yet (tests may add jobs any time)."""
        data = self._fake.data
        for (slug, number), job in data.job_numbers.items():
            if (slug, number) not in self.builds and slug in data.projects:
                pipeline = data.pipelines.get(job.pipeline_id)
                workflow = data.workflows.get(job.workflow_id)
                build = _from_job(data.projects[slug], number, job)
                if pipeline is not None:
                    build.branch, build.revision = pipeline.branch, pipeline.revision
                if workflow is not None:
                    build.workflow_name = workflow.name
                self.builds[slug, number] = build

    def project_builds(self, slug: str) -> list[V1Build]:
        """Builds of a project, newest first."""
        self.sync()
        items = [b for (s, _), b in self.builds.items() if s == slug]
        return sorted(items, key=lambda b: b.build_num, reverse=True)

    def next_number(self, slug: str) -> int:
        """The next free build number of a project."""
        self.sync()
        numbers = [n for (s, n) in self.builds if s == slug]
        numbers += [n for (s, n) in self._fake.data.job_numbers if s == slug]
        return max(numbers, default=0) + 1

    def add(self, build: V1Build) -> V1Build:
        """Record a new build."""
        self.builds[build.project.slug, build.build_num] = build
        return build


_states: weakref.WeakKeyDictionary[FakeCircleCI, V1State] = weakref.WeakKeyDictionary()


def v1_state(fake: FakeCircleCI) -> V1State:
    """The v1.1 state of a fake server (created on first use)."""
    state = _states.get(fake)
    if state is None:
        state = _states[fake] = V1State(fake)
    return state


_JOB_STATUS: dict[str, tuple[str, str | None, str]] = {
    # v2 job status -> (lifecycle, outcome, status)
    "success": ("finished", "success", "success"),
    "failed": ("finished", "failed", "failed"),
    "canceled": ("finished", "canceled", "canceled"),
    "infrastructure_fail": ("finished", "infrastructure_fail", "infrastructure_fail"),
    "timedout": ("finished", "timedout", "timedout"),
    "running": ("running", None, "running"),
    "queued": ("queued", None, "queued"),
    "not_run": ("not_run", None, "not_run"),
    "blocked": ("not_running", None, "not_running"),
    "on_hold": ("not_running", None, "not_running"),
}


def _from_job(project: FakeProject, number: int, job: FakeJob) -> V1Build:
    lifecycle, outcome, status = _JOB_STATUS.get(job.status, ("finished", None, job.status))
    data_start = job.started_at or BASE_TIME
    return V1Build(
        project=project,
        build_num=number,
        branch=project.default_branch,
        revision="0" * 40,
        subject=f"{job.name} of {project.name}",
        why="github",
        status=status,
        lifecycle=lifecycle,
        outcome=outcome,
        queued_at=data_start - timedelta(seconds=2),
        start_time=job.started_at,
        stop_time=job.stopped_at,
        job_name=job.name,
        parallel=job.parallelism,
        job=job,
    )


# ---- request helpers --------------------------------------------------------------------------
def edn(value: Any) -> str:
    """Encode JSON-like data as Clojure EDN (keywords for keys, ``nil`` for null)."""
    if value is None:
        return "nil"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f":{k} {edn(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + " ".join(edn(v) for v in value) + "]"
    raise TypeError(f"cannot encode {value!r} as EDN")


def answer(request: web.Request, data: Any, status: int = 200) -> web.Response:
    """Answer like v1.1: EDN without ``Accept``, compact JSON for ``application/json``."""
    accept = request.headers.get("Accept", "").strip()
    if not accept:
        return web.Response(text=edn(data), status=status, content_type="application/edn")
    if "application/json" in accept:
        body = json.dumps(data, separators=(",", ":"))
    else:
        body = json.dumps(data, indent=2)
    return web.Response(text=body, status=status, content_type="application/json")


def empty() -> web.Response:
    """An empty 200 answer (SSH key and Heroku key calls)."""
    return web.Response(status=200, body=b"")


def _project(request: web.Request, *, write: bool = False) -> FakeProject:
    info = request.match_info
    vcs = _ALIASES.get(info["vcs"], info["vcs"])
    slug = f"{vcs}/{info['org']}/{info['project']}"
    fake = fake_of(request)
    user = fake.user_for(request)[0]
    project = fake.data.projects.get(slug)
    if project is None or (user is None and (write or not project.public)):
        raise ApiError(404, "Project not found")
    return project


def _build(request: web.Request, *, write: bool = False) -> V1Build:
    project = _project(request, write=write)
    state = v1_state(fake_of(request))
    state.sync()
    build = state.builds.get((project.slug, int(request.match_info["build_num"])))
    if build is None:
        raise ApiError(404, "Build not found")
    return build


def _int_param(request: web.Request, name: str, default: int) -> int:
    raw = request.query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"{name} must be an integer") from None
    if value < 0:
        raise ApiError(400, f"{name} must be >= 0")
    return value


def _filtered(request: web.Request, builds: list[V1Build]) -> list[V1Build]:
    name = request.query.get("filter")
    if name is None:
        return builds
    if name not in _FILTERS:
        raise ApiError(400, f"filter must be one of {', '.join(_FILTERS)}")
    if name == "completed":
        return [b for b in builds if b.lifecycle == "finished"]
    if name == "successful":
        return [b for b in builds if b.outcome == "success"]
    if name == "failed":
        return [b for b in builds if b.outcome in ("failed", "infrastructure_fail", "timedout")]
    return [b for b in builds if b.lifecycle == "running"]


def _paged(request: web.Request, builds: list[V1Build]) -> web.Response:
    limit = _int_param(request, "limit", 30)
    if limit > MAX_LIMIT:
        raise ApiError(400, f"limit must be <= {MAX_LIMIT}")
    offset = _int_param(request, "offset", 0)
    shallow = request.query.get("shallow") == "true"
    base = fake_of(request).url
    chunk = builds[offset : offset + limit]
    return answer(request, [summary(base, b, shallow=shallow) for b in chunk])


# ---- JSON shapes ------------------------------------------------------------------------------
def summary(base: str, build: V1Build, *, shallow: bool = False) -> dict[str, Any]:
    """A build summary, with the fields of CircleCI's examples."""
    project = build.project
    millis = None
    if build.start_time and build.stop_time:
        millis = int((build.stop_time - build.start_time).total_seconds() * 1000)
    out: dict[str, Any] = {
        "vcs_url": project.vcs_url,
        "build_url": f"{base}/{project.vcs}/{project.org}/{project.name}/{build.build_num}",
        "build_num": build.build_num,
        "branch": build.branch,
        "vcs_revision": build.revision,
        "vcs_tag": build.tag,
        "committer_name": "Octo Cat",
        "committer_email": "octocat@example.com",
        "subject": build.subject,
        "body": "",
        "why": build.why,
        "dont_build": None,
        "queued_at": iso(build.queued_at),
        "start_time": iso(build.start_time),
        "stop_time": iso(build.stop_time),
        "build_time_millis": millis,
        "username": project.org,
        "reponame": project.name,
        "vcs_type": "bitbucket" if project.vcs in ("bb", "bitbucket") else "github",
        "lifecycle": build.lifecycle,
        "outcome": build.outcome,
        "status": build.status,
        "retry_of": build.retry_of,
        "previous": None,
        "job_name": build.job_name,
        "parallel": build.parallel,
        "platform": "2.0",
        "canceled": build.canceled,
        "ssh_enabled": build.ssh_enabled,
        "build_parameters": build.build_parameters,
    }
    if build.retry_of is not None:
        out["previous"] = {"build_num": build.retry_of, "status": "failed"}
    if shallow:
        return out
    job = build.job
    out.update(
        {
            "committer_date": iso(build.queued_at - timedelta(minutes=3)),
            "author_name": "Octo Cat",
            "author_email": "octocat@example.com",
            "author_date": iso(build.queued_at - timedelta(minutes=3)),
            "usage_queued_at": iso(build.queued_at),
            "user": {
                "is_user": True,
                "login": "octocat",
                "avatar_url": "https://avatars.example/octocat",
                "name": "Octo Cat",
                "vcs_type": "github",
                "id": 1,
            },
            "workflows": {
                "job_name": build.job_name,
                "job_id": job.id if job else None,
                "workflow_id": job.workflow_id if job else None,
                "workspace_id": job.workflow_id if job else None,
                "upstream_job_ids": [],
                "upstream_concurrency_map": {},
                "workflow_name": build.workflow_name or "build-and-test",
            },
            "pull_requests": [],
            "all_commit_details": [
                {
                    "commit": build.revision,
                    "subject": build.subject,
                    "body": "",
                    "commit_url": f"{project.vcs_url}/commit/{build.revision}",
                    "author_name": "Octo Cat",
                    "author_email": "octocat@example.com",
                    "author_login": "octocat",
                    "author_date": iso(build.queued_at - timedelta(minutes=3)),
                    "committer_name": "Octo Cat",
                    "committer_email": "octocat@example.com",
                    "committer_login": "octocat",
                    "committer_date": iso(build.queued_at - timedelta(minutes=3)),
                }
            ],
            "messages": [],
            "failed": True if build.outcome == "failed" else None,
            "timedout": build.outcome == "timedout",
            "infrastructure_fail": build.outcome == "infrastructure_fail",
            "previous_successful_build": None,
            "retries": None,
            "compare": None,
            "node": None,
            "oss": project.public,
            "fleet": "picard",
        }
    )
    return out


def details(base: str, build: V1Build) -> dict[str, Any]:
    """A full build: the summary plus steps and actions."""
    out = summary(base, build)
    start = build.start_time or build.queued_at
    steps: list[dict[str, Any]] = []
    for index, name in enumerate(["Spin up environment", "Checkout code", build.job_name]):
        actions: list[dict[str, Any]] = []
        for node in range(build.parallel):
            failed = build.outcome == "failed" and index == 2
            actions.append(
                {
                    "name": name,
                    "type": "test" if index == 2 else "infrastructure",
                    "status": "failed" if failed else "success",
                    "index": node,
                    "step": index,
                    "bash_command": None if index < 2 else f"make {build.job_name}",
                    "exit_code": (1 if failed else 0) if index == 2 else None,
                    "run_time_millis": 1000 * (index + 1),
                    "start_time": iso(start + timedelta(seconds=index)),
                    "end_time": iso(start + timedelta(seconds=index + 1)),
                    "source": "config",
                    "failed": True if failed else None,
                    "parallel": build.parallel > 1,
                    "continue": None,
                    "messages": [],
                }
            )
        steps.append({"name": name, "actions": actions})
    out.update(
        {
            "steps": steps,
            "ssh_users": [{"login": login, "github_id": None} for login in build.ssh_users],
            "circle_yml": None,
            "fail_reason": None,
            "canceler": None,
            "is_first_green_build": False,
            "no_dependency_cache": False,
            "ssh_disabled": False,
        }
    )
    return out


def _branch_build(build: V1Build) -> dict[str, Any]:
    return {
        "pushed_at": iso(build.queued_at),
        "added_at": iso(build.queued_at),
        "vcs_revision": build.revision,
        "build_num": build.build_num,
        "outcome": build.outcome,
        "status": build.status,
    }


def _project_json(state: V1State, project: FakeProject) -> dict[str, Any]:
    builds = state.project_builds(project.slug)
    branches: dict[str, Any] = {}
    for name in sorted({b.branch for b in builds}):
        of_branch = [b for b in builds if b.branch == name]
        success = next((b for b in of_branch if b.outcome == "success"), None)
        non_success = next(
            (b for b in of_branch if b.outcome not in (None, "success")),
            None,
        )
        branches[name] = {
            "pusher_logins": ["octocat"],
            "last_success": _branch_build(success) if success else None,
            "last_non_success": _branch_build(non_success) if non_success else None,
            "recent_builds": [_branch_build(b) for b in of_branch[:5]],
            "running_builds": [_branch_build(b) for b in of_branch if b.lifecycle == "running"],
        }
    return {
        "vcs_url": project.vcs_url,
        "followed": project.slug in state.followed,
        "username": project.org,
        "reponame": project.name,
        "vcs_type": "github",
        "default_branch": project.default_branch,
        "oss": project.public,
        "branches": branches,
    }


def _checkout_key(key: _CheckoutKey, digest: str) -> dict[str, Any]:
    return {
        "public_key": key.public_key,
        "type": key.type,
        "fingerprint": key.sha256 if digest == "sha256" else key.md5,
        "preferred": key.preferred,
        "time": iso(key.time),
    }


def _mask(value: str) -> str:
    return "xxxx" + value[-4:] if len(value) > 4 else "xxxx"


def _artifact(base: str, job: FakeJob, index: int) -> dict[str, Any]:
    item = job.artifacts[index]
    return {
        "path": item.path,
        "pretty_path": item.path,
        "node_index": item.node_index,
        "url": artifact_url(base, job, item),
    }


# ---- handlers ---------------------------------------------------------------------------------
async def me(request: web.Request) -> web.Response:
    user = require_user(request)
    return answer(
        request,
        {
            "login": user.login,
            "name": user.name,
            "avatar_url": user.avatar_url,
            "basic_email_prefs": "smart",
            "admin": False,
            "trial_end": "2011-12-28T22:02:15Z",
            "days_left_in_trial": -238,
            "user_key_fingerprint": None,
        },
    )


async def projects(request: web.Request) -> web.Response:
    require_user(request)
    fake = fake_of(request)
    state = v1_state(fake)
    followed = [fake.data.projects[s] for s in sorted(state.followed) if s in fake.data.projects]
    return answer(request, [_project_json(state, p) for p in followed])


async def follow(request: web.Request) -> web.Response:
    require_user(request)
    project = _project(request, write=True)
    fake = fake_of(request)
    state = v1_state(fake)
    first: dict[str, Any] | None = None
    if project.slug not in state.followed:
        state.followed.add(project.slug)
        if not state.project_builds(project.slug):
            build = state.add(
                V1Build(
                    project=project,
                    build_num=state.next_number(project.slug),
                    branch=project.default_branch,
                    revision=fake.data.sha(),
                    subject="first build",
                    why="first-build",
                    status="not_running",
                    lifecycle="not_running",
                    outcome=None,
                    queued_at=BASE_TIME,
                )
            )
            first = summary(fake.url, build)
    return answer(request, {"followed": True, "first_build": first})


async def recent_builds(request: web.Request) -> web.Response:
    require_user(request)
    state = v1_state(fake_of(request))
    state.sync()
    builds = sorted(
        state.builds.values(),
        key=lambda b: (b.queued_at, b.project.slug, b.build_num),
        reverse=True,
    )
    return _paged(request, builds)


async def project_builds(request: web.Request) -> web.Response:
    project = _project(request)
    builds = v1_state(fake_of(request)).project_builds(project.slug)
    return _paged(request, _filtered(request, builds))


async def branch_builds(request: web.Request) -> web.Response:
    project = _project(request)
    branch = request.match_info["branch"]
    builds = v1_state(fake_of(request)).project_builds(project.slug)
    return _paged(request, _filtered(request, [b for b in builds if b.branch == branch]))


async def build_details(request: web.Request) -> web.Response:
    return answer(request, details(fake_of(request).url, _build(request)))


async def _retry(request: web.Request, *, ssh: bool) -> web.Response:
    require_user(request)
    old = _build(request, write=True)
    fake = fake_of(request)
    state = v1_state(fake)
    build = state.add(
        V1Build(
            project=old.project,
            build_num=state.next_number(old.project.slug),
            branch=old.branch,
            revision=old.revision,
            subject=old.subject,
            why="retry",
            status="queued",
            lifecycle="queued",
            outcome=None,
            queued_at=BASE_TIME,
            job_name=old.job_name,
            parallel=old.parallel,
            retry_of=old.build_num,
            build_parameters=old.build_parameters,
            ssh_enabled=True if ssh else None,
        )
    )
    result = summary(fake.url, build)
    result["previous"] = {"build_num": old.build_num, "status": old.status}
    return answer(request, result)


async def retry(request: web.Request) -> web.Response:
    return await _retry(request, ssh=False)


async def retry_ssh(request: web.Request) -> web.Response:
    return await _retry(request, ssh=True)


async def cancel(request: web.Request) -> web.Response:
    require_user(request)
    build = _build(request, write=True)
    if build.lifecycle != "finished" or build.outcome is None:
        build.status = build.outcome = "canceled"
        build.canceled = True
    return answer(request, summary(fake_of(request).url, build))


async def ssh_users(request: web.Request) -> web.Response:
    user = require_user(request)
    build = _build(request, write=True)
    if user.login not in build.ssh_users:
        build.ssh_users.append(user.login)
    return answer(request, details(fake_of(request).url, build))


def _trigger_fields(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ApiError(400, f"Unknown fields: {', '.join(sorted(unknown))}")
    params = data.get("build_parameters")
    if params is not None and not isinstance(params, dict):
        raise ApiError(400, "build_parameters must be a map")
    parallel = data.get("parallel")
    if parallel is not None and (not isinstance(parallel, int) or parallel < 1):
        raise ApiError(400, "parallel must be a positive integer")


async def _new_build(request: web.Request, branch: str, data: dict[str, Any]) -> web.Response:
    project = _project(request, write=True)
    fake = fake_of(request)
    state = v1_state(fake)
    params = data.get("build_parameters")
    build = state.add(
        V1Build(
            project=project,
            build_num=state.next_number(project.slug),
            branch=branch,
            revision=data.get("revision") or fake.data.sha(),
            subject="triggered over API v1.1",
            why="edit",
            status="not_running",
            lifecycle="not_running",
            outcome=None,
            queued_at=BASE_TIME,
            job_name=(params or {}).get("CIRCLE_JOB", "build"),
            parallel=data.get("parallel") or 1,
            tag=data.get("tag"),
            build_parameters=params,
        )
    )
    return answer(request, summary(fake.url, build))


async def trigger(request: web.Request) -> web.Response:
    require_user(request)
    data = await json_body(request) if request.body_exists else {}
    _trigger_fields(data, ("revision", "tag", "parallel", "build_parameters"))
    if data.get("revision") and data.get("tag"):
        raise ApiError(400, "Cannot specify both a revision and a tag")
    project = _project(request, write=True)
    return await _new_build(request, project.default_branch, data)


async def trigger_branch(request: web.Request) -> web.Response:
    require_user(request)
    data = await json_body(request) if request.body_exists else {}
    _trigger_fields(data, ("revision", "parallel", "build_parameters"))
    return await _new_build(request, request.match_info["branch"], data)


async def trigger_pipeline(request: web.Request) -> web.Response:
    require_user(request)
    project = _project(request, write=True)
    data = await json_body(request) if request.body_exists else {}
    unknown = set(data) - {"branch", "tag", "revision"}
    if unknown:
        raise ApiError(400, f"Unknown fields: {', '.join(sorted(unknown))}")
    if data.get("tag") and (data.get("branch") or data.get("revision")):
        raise ApiError(400, "Cannot specify a tag with a branch or revision")
    v1_state(fake_of(request)).pipeline_triggers.append((project.slug, data))
    return answer(request, {"status": 200, "body": "Build created"})


async def tests(request: web.Request) -> web.Response:
    build = _build(request)
    items = []
    for case in build.job.tests if build.job else []:
        items.append(
            {
                "message": case.message,
                "file": case.file,
                "source": "pytest",
                "run_time": case.run_time,
                "result": case.result,
                "name": case.name,
                "classname": case.classname,
            }
        )
    return answer(request, {"tests": items})


async def artifacts(request: web.Request) -> web.Response:
    build = _build(request)
    job = build.job
    base = fake_of(request).artifacts_url
    items = [_artifact(base, job, i) for i in range(len(job.artifacts))] if job else []
    return answer(request, items)


async def latest_artifacts(request: web.Request) -> web.Response:
    project = _project(request)
    builds = v1_state(fake_of(request)).project_builds(project.slug)
    branch = request.query.get("branch")
    if branch is not None:
        builds = [b for b in builds if b.branch == branch]
    builds = _filtered(request, builds)
    if not builds:
        raise ApiError(404, "Build not found")
    job = builds[0].job
    base = fake_of(request).artifacts_url
    items = [_artifact(base, job, i) for i in range(len(job.artifacts))] if job else []
    return answer(request, items)


def _digest(request: web.Request) -> str:
    digest = request.query.get("digest", "md5")
    if digest not in ("md5", "sha256"):
        raise ApiError(400, "digest must be md5 or sha256")
    return digest


async def list_checkout_keys(request: web.Request) -> web.Response:
    project = _project(request)
    digest = _digest(request)
    keys = v1_state(fake_of(request)).checkout_keys.setdefault(project.slug, [])
    return answer(request, [_checkout_key(k, digest) for k in keys])


async def create_checkout_key(request: web.Request) -> web.Response:
    require_user(request)
    project = _project(request, write=True)
    data = await json_body(request)
    if data.get("type") not in _KEY_TYPES:
        raise ApiError(400, "type must be deploy-key or github-user-key")
    fake = fake_of(request)
    keys = v1_state(fake).checkout_keys.setdefault(project.slug, [])
    key = _CheckoutKey(f"ssh-ed25519 AAAA{fake.data.sha()}", data["type"], BASE_TIME, False)
    keys.append(key)
    return answer(request, _checkout_key(key, "md5"), 201)


def _find_key(request: web.Request, project: FakeProject) -> tuple[list[_CheckoutKey], int, str]:
    fingerprint = request.match_info["fingerprint"]
    keys = v1_state(fake_of(request)).checkout_keys.setdefault(project.slug, [])
    for index, key in enumerate(keys):
        if fingerprint == key.md5:
            return keys, index, "md5"
        if fingerprint == key.sha256:
            return keys, index, "sha256"
    raise ApiError(404, "checkout key not found")


async def get_checkout_key(request: web.Request) -> web.Response:
    project = _project(request)
    keys, index, digest = _find_key(request, project)
    return answer(request, _checkout_key(keys[index], digest))


async def delete_checkout_key(request: web.Request) -> web.Response:
    require_user(request)
    project = _project(request, write=True)
    keys, index, _ = _find_key(request, project)
    del keys[index]
    return answer(request, {"message": "ok"})


async def add_ssh_key(request: web.Request) -> web.Response:
    require_user(request)
    project = _project(request, write=True)
    data = await json_body(request)
    hostname, private_key = data.get("hostname"), data.get("private_key")
    if not isinstance(private_key, str) or not private_key.startswith("-----BEGIN"):
        raise ApiError(400, "Invalid private key")
    if not isinstance(hostname, str):
        raise ApiError(400, "hostname is required")
    digest = hashlib.md5(private_key.encode(), usedforsecurity=False).hexdigest()
    fingerprint = ":".join(digest[i : i + 2] for i in range(0, 32, 2))
    v1_state(fake_of(request)).ssh_keys.setdefault(project.slug, {})[fingerprint] = hostname
    return empty()


async def delete_ssh_key(request: web.Request) -> web.Response:
    require_user(request)
    project = _project(request, write=True)
    data = await json_body(request)
    keys = v1_state(fake_of(request)).ssh_keys.setdefault(project.slug, {})
    fingerprint = data.get("fingerprint")
    if fingerprint not in keys:
        raise ApiError(404, "SSH key not found")
    del keys[fingerprint]
    return empty()


async def list_env_vars(request: web.Request) -> web.Response:
    require_user(request)
    project = _project(request)
    variables = v1_state(fake_of(request)).env_vars.get(project.slug, {})
    return answer(request, [{"name": k, "value": _mask(v)} for k, v in sorted(variables.items())])


async def create_env_var(request: web.Request) -> web.Response:
    require_user(request)
    project = _project(request, write=True)
    data = await json_body(request)
    name, value = data.get("name"), data.get("value")
    if not isinstance(name, str) or not _ENV_NAME.match(name):
        raise ApiError(400, "Environment variable name is invalid")
    if not isinstance(value, str):
        raise ApiError(400, "value must be a string")
    v1_state(fake_of(request)).env_vars.setdefault(project.slug, {})[name] = value
    return answer(request, {"name": name, "value": _mask(value)}, 201)


async def get_env_var(request: web.Request) -> web.Response:
    require_user(request)
    project = _project(request)
    name = request.match_info["name"]
    variables = v1_state(fake_of(request)).env_vars.get(project.slug, {})
    if name not in variables:
        raise ApiError(404, "Environment variable not found")
    return answer(request, {"name": name, "value": _mask(variables[name])})


async def delete_env_var(request: web.Request) -> web.Response:
    require_user(request)
    project = _project(request, write=True)
    name = request.match_info["name"]
    variables = v1_state(fake_of(request)).env_vars.get(project.slug, {})
    if name not in variables:
        raise ApiError(404, "Environment variable not found")
    del variables[name]
    return answer(request, {"message": "ok"})


async def heroku_key(request: web.Request) -> web.Response:
    user = require_user(request)
    data = await json_body(request)
    apikey = data.get("apikey")
    if not isinstance(apikey, str) or not apikey:
        raise ApiError(400, "apikey is required")
    v1_state(fake_of(request)).heroku_keys[user.login] = apikey
    return empty()


def register(app: web.Application) -> None:
    """Add the v1.1 routes (and ``/user/heroku-key`` at the host's root)."""
    p = "/api/v1.1/project/{vcs:gh|github|bb|bitbucket|circleci}/{org}/{project}"
    b = p + r"/{build_num:\d+}"
    r = app.router
    r.add_get("/api/v1.1/me", me)
    r.add_get("/api/v1.1/projects", projects)
    r.add_get("/api/v1.1/recent-builds", recent_builds)
    r.add_post(p + "/follow", follow)
    r.add_post(p + "/build", trigger_pipeline)
    r.add_get(p + "/latest/artifacts", latest_artifacts)
    r.add_get(p + "/checkout-key", list_checkout_keys)
    r.add_post(p + "/checkout-key", create_checkout_key)
    r.add_get(p + "/checkout-key/{fingerprint}", get_checkout_key)
    r.add_delete(p + "/checkout-key/{fingerprint}", delete_checkout_key)
    r.add_post(p + "/ssh-key", add_ssh_key)
    r.add_delete(p + "/ssh-key", delete_ssh_key)
    r.add_get(p + "/envvar", list_env_vars)
    r.add_post(p + "/envvar", create_env_var)
    r.add_get(p + "/envvar/{name}", get_env_var)
    r.add_delete(p + "/envvar/{name}", delete_env_var)
    r.add_get(p + "/tree/{branch}", branch_builds)
    r.add_post(p + "/tree/{branch}", trigger_branch)
    r.add_get(b, build_details)
    r.add_post(b + "/retry", retry)
    r.add_post(b + "/ssh", retry_ssh)
    r.add_post(b + "/cancel", cancel)
    r.add_post(b + "/ssh-users", ssh_users)
    r.add_get(b + "/tests", tests)
    r.add_get(b + "/artifacts", artifacts)
    r.add_get(p, project_builds)
    r.add_post(p, trigger)
    r.add_post("/user/heroku-key", heroku_key)
