"""Deterministic seeded data for the fake CircleCI server."""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = [
    "BASE_TIME",
    "FakeArtifact",
    "FakeData",
    "FakeJob",
    "FakePipeline",
    "FakeProject",
    "FakeTestResult",
    "FakeUser",
    "FakeWorkflow",
    "blob_bytes",
    "iso",
]

#: "Now" for the fake server: every generated timestamp is before it.
BASE_TIME = datetime(2026, 11, 1, 12, 0, 0, tzinfo=UTC)
_PATTERN_LEN = 65_521  # a prime, so patterns do not align with chunk sizes


def iso(when: datetime | None) -> str | None:
    """Format a timestamp like CircleCI does (UTC, milliseconds, ``Z``)."""
    if when is None:
        return None
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def _pattern(key: str) -> bytes:
    return random.Random(key).randbytes(_PATTERN_LEN)


_patterns: dict[str, bytes] = {}


def blob_bytes(key: str, start: int, end: int) -> bytes:
    """Bytes ``[start, end)`` of the deterministic content named ``key``."""
    pattern = _patterns.get(key)
    if pattern is None:
        if len(_patterns) > 4096:
            _patterns.clear()
        pattern = _patterns[key] = _pattern(key)
    out = bytearray()
    pos = start
    while pos < end:
        offset = pos % _PATTERN_LEN
        take = min(end - pos, _PATTERN_LEN - offset)
        out += pattern[offset : offset + take]
        pos += take
    return bytes(out)


@dataclass
class FakeUser:
    """A user known to the fake server (one per token)."""

    id: str
    login: str
    name: str
    avatar_url: str | None = None


@dataclass
class FakeProject:
    """A project; ``public`` projects can be read without a token."""

    slug: str
    id: str
    public: bool = False
    default_branch: str = "main"
    org_id: str = ""

    @property
    def vcs(self) -> str:
        """The VCS part of the slug (``gh``)."""
        return self.slug.split("/")[0]

    @property
    def org(self) -> str:
        """The organization part of the slug."""
        return self.slug.split("/")[1]

    @property
    def name(self) -> str:
        """The repository part of the slug."""
        return self.slug.split("/")[2]

    @property
    def vcs_url(self) -> str:
        """Repository URL."""
        host = "bitbucket.org" if self.vcs in ("bb", "bitbucket") else "github.com"
        return f"https://{host}/{self.org}/{self.name}"


@dataclass
class FakeArtifact:
    """A stored file of a job; its bytes are ``blob_bytes(key, 0, size)``."""

    path: str
    node_index: int
    size: int
    key: str

    def content(self) -> bytes:
        """The full content (for tests: compare against downloaded bytes)."""
        return blob_bytes(self.key, 0, self.size)

    def sha256(self) -> str:
        """Hex SHA-256 of the content, computed without holding it all in memory."""
        digest = hashlib.sha256()
        step = 1 << 20
        for start in range(0, self.size, step):
            digest.update(blob_bytes(self.key, start, min(self.size, start + step)))
        return digest.hexdigest()


@dataclass
class FakeTestResult:
    """One test case result of a job."""

    name: str
    classname: str
    file: str
    result: str
    run_time: float
    message: str | None = None


@dataclass
class FakeJob:
    """A job of a workflow."""

    id: str
    number: int | None
    name: str
    type: str
    status: str
    project_slug: str
    workflow_id: str
    pipeline_id: str
    started_at: datetime | None
    stopped_at: datetime | None
    parallelism: int = 1
    artifacts: list[FakeArtifact] = field(default_factory=list)
    tests: list[FakeTestResult] = field(default_factory=list)
    approval_request_id: str | None = None
    approved_by: str | None = None
    canceled_by: str | None = None


@dataclass
class FakeWorkflow:
    """A workflow of a pipeline."""

    id: str
    name: str
    status: str
    project_slug: str
    pipeline_id: str
    pipeline_number: int
    created_at: datetime
    stopped_at: datetime | None
    started_by: str
    jobs: list[FakeJob] = field(default_factory=list)
    tag: str | None = None
    canceled_by: str | None = None


@dataclass
class FakePipeline:
    """A pipeline of a project."""

    id: str
    number: int
    project_slug: str
    branch: str
    revision: str
    state: str
    created_at: datetime
    trigger_type: str
    actor: str
    parameters: dict[str, Any] = field(default_factory=dict)
    workflows: list[FakeWorkflow] = field(default_factory=list)
    tag: str | None = None
    #: The config as written; ``None``: generated from the workflows (see ``config_source``).
    config: str | None = None
    #: Set on pipelines waiting in setup; ``pipelines.continue_`` consumes it.
    continuation_key: str | None = None

    def config_source(self) -> str:
        """The pipeline's config: ``config`` or one generated from its workflows and jobs."""
        if self.config is not None:
            return self.config
        lines = ["version: 2.1", "jobs:"]
        names = dict.fromkeys(j.name for w in self.workflows for j in w.jobs if j.type == "build")
        for name in names:
            lines += [f"  {name}:", "    docker:", "      - image: cimg/base:stable", "    steps:"]
            lines += ["      - checkout", f"      - run: make {name}"]
        lines.append("workflows:")
        for workflow in self.workflows:
            lines += [f"  {workflow.name}:", "    jobs:"]
            lines += [f"      - {job.name}" for job in workflow.jobs]
        return "\n".join(lines) + "\n"


class FakeData:
    """The fake server's whole state: users, projects, pipelines, workflows, jobs, artifacts.

    Generated from ``seed`` so every run sees the same ids, numbers and bytes. Tests and
    benchmarks shape it further with :meth:`add_pipeline` and :meth:`add_job`.

    Pipelines started through the API stay ``running`` until :meth:`advance` moves them on;
    with ``advance_on_read=True`` the server does that on every read of a pipeline's
    workflows, so a client that polls sees them finish.
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        projects: int = 3,
        pipelines_per_project: int = 30,
        artifacts_per_job: int = 3,
        advance_on_read: bool = False,
    ) -> None:
        self._rng = random.Random(seed)
        self.seed = seed
        self.users: list[FakeUser] = [
            FakeUser(self.new_id(), "octocat", "Octo Cat", "https://avatars.example/octocat"),
            FakeUser(self.new_id(), "hubot", "Hu Bot", None),
        ]
        self.org_id = self.new_id()
        self.projects: dict[str, FakeProject] = {}
        self.pipelines: dict[str, FakePipeline] = {}
        self.workflows: dict[str, FakeWorkflow] = {}
        self.jobs: dict[str, FakeJob] = {}
        self.job_numbers: dict[tuple[str, int], FakeJob] = {}
        self.artifacts_by_key: dict[str, FakeArtifact] = {}
        self._next_pipeline: dict[str, int] = {}
        self._next_job: dict[str, int] = {}
        self._artifacts_per_job = artifacts_per_job
        self._ticks = 0
        #: Branches on which ``pipelines.run`` creates nothing (answers 200 with a message).
        self.run_skip_branches: set[str] = {"skip-ci"}
        #: Each GET of a pipeline's workflows (its first page) first calls ``advance()`` on
        #: that pipeline: one step per poll, whatever the time between polls.
        self.advance_on_read = advance_on_read
        #: Branches whose pipelines fail when advanced: their last job finishes ``failed``.
        self.failing_branches: set[str] = set()
        names = ["gh/acme/api", "gh/acme/web", "gh/oss/lib"]
        names += [f"gh/acme/service-{i}" for i in range(max(0, projects - len(names)))]
        for i, slug in enumerate(names[:projects]):
            self.add_project(slug, public=slug.startswith("gh/oss/"))
            for n in range(pipelines_per_project):
                self.add_pipeline(
                    slug,
                    branch="main" if n % 3 else "feature/login",
                    created_at=BASE_TIME - timedelta(hours=(pipelines_per_project - n) * 2 + i),
                )

    # ---- identity helpers -------------------------------------------------------------
    def new_id(self) -> str:
        """A deterministic UUID."""
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def sha(self) -> str:
        """A deterministic 40-hex commit id."""
        return f"{self._rng.getrandbits(160):040x}"

    # ---- builders ---------------------------------------------------------------------
    def add_project(self, slug: str, *, public: bool = False) -> FakeProject:
        """Add a project (``vcs/org/repo``)."""
        project = FakeProject(slug=slug, id=self.new_id(), public=public, org_id=self.org_id)
        self.projects[slug] = project
        self._next_pipeline[slug] = 1
        self._next_job[slug] = 1
        return project

    def add_pipeline(
        self,
        project_slug: str,
        *,
        branch: str = "main",
        created_at: datetime | None = None,
        workflows: tuple[str, ...] = ("build-and-test",),
        jobs: tuple[str, ...] = ("build", "test", "lint"),
        status: str | None = None,
    ) -> FakePipeline:
        """Add a pipeline with its workflows and jobs (artifacts and tests included)."""
        rng = self._rng
        number = self._next_pipeline[project_slug]
        self._next_pipeline[project_slug] = number + 1
        created = created_at or BASE_TIME - timedelta(minutes=5)
        pipeline = FakePipeline(
            id=self.new_id(),
            number=number,
            project_slug=project_slug,
            branch=branch,
            revision=self.sha(),
            state="created",
            created_at=created,
            trigger_type=rng.choice(["webhook", "webhook", "api", "scheduled_pipeline"]),
            actor=self.users[0].login,
            parameters={"deploy": rng.random() < 0.2},
        )
        self.pipelines[pipeline.id] = pipeline
        for w_index, name in enumerate(workflows):
            wf_status = (
                status
                or rng.choices(["success", "failed", "canceled"], weights=[0.8, 0.15, 0.05])[0]
            )
            start = created + timedelta(seconds=5 + w_index)
            workflow = FakeWorkflow(
                id=self.new_id(),
                name=name,
                status=wf_status,
                project_slug=project_slug,
                pipeline_id=pipeline.id,
                pipeline_number=number,
                created_at=start,
                stopped_at=start + timedelta(seconds=rng.randint(60, 900)),
                started_by=self.users[0].id,
            )
            pipeline.workflows.append(workflow)
            self.workflows[workflow.id] = workflow
            for j_index, job_name in enumerate(jobs):
                failed = wf_status == "failed" and j_index == len(jobs) - 1
                self.add_job(
                    workflow,
                    job_name,
                    status="failed"
                    if failed
                    else ("success" if wf_status != "canceled" else "canceled"),
                    parallelism=2 if job_name == "test" else 1,
                )
        return pipeline

    def add_job(
        self,
        workflow: FakeWorkflow,
        name: str,
        *,
        status: str = "success",
        parallelism: int = 1,
        job_type: str = "build",
        artifacts: list[tuple[str, int, int]] | None = None,
    ) -> FakeJob:
        """Add a job to ``workflow``. ``artifacts`` lists ``(path, size, node_index)``."""
        rng = self._rng
        slug = workflow.project_slug
        number: int | None = None
        if job_type != "approval":
            number = self._next_job[slug]
            self._next_job[slug] = number + 1
        started = workflow.created_at + timedelta(seconds=rng.randint(1, 30))
        job = FakeJob(
            id=self.new_id(),
            number=number,
            name=name,
            type=job_type,
            status=status,
            project_slug=slug,
            workflow_id=workflow.id,
            pipeline_id=workflow.pipeline_id,
            started_at=started if job_type != "approval" else None,
            stopped_at=started + timedelta(seconds=rng.randint(10, 600))
            if job_type != "approval"
            else None,
            parallelism=parallelism,
            approval_request_id=self.new_id() if job_type == "approval" else None,
        )
        if artifacts is None:
            artifacts = []
            for node in range(parallelism):
                for k in range(self._artifacts_per_job):
                    artifacts.append(
                        (
                            f"reports/{name}/{k}.txt" if k else f"{name}.log",
                            rng.randint(0, 64 * 1024),
                            node,
                        )
                    )
            if name == "test":
                job.tests = self._tests(job)
        for index, (path, size, node) in enumerate(artifacts):
            artifact = FakeArtifact(path=path, node_index=node, size=size, key=f"{job.id}-{index}")
            job.artifacts.append(artifact)
            self.artifacts_by_key[artifact.key] = artifact
        workflow.jobs.append(job)
        self.jobs[job.id] = job
        if number is not None:
            self.job_numbers[(slug, number)] = job
        return job

    def _tests(self, job: FakeJob) -> list[FakeTestResult]:
        rng = self._rng
        out = []
        for i in range(rng.randint(3, 8)):
            result = "success" if rng.random() > 0.1 else "failure"
            out.append(
                FakeTestResult(
                    name=f"test_case_{i}",
                    classname=f"tests.test_{job.name}",
                    file=f"tests/test_{job.name}.py",
                    result=result,
                    run_time=round(rng.uniform(0.001, 2.0), 3),
                    message="AssertionError: boom" if result == "failure" else None,
                )
            )
        return out

    def add_pipelines(self, project_slug: str, count: int) -> list[FakePipeline]:
        """Add ``count`` light pipelines (one successful workflow, no jobs) quickly.

        For benchmarks and paging tests that need thousands of pipelines.
        """
        start = BASE_TIME - timedelta(days=30)
        return [
            self.add_pipeline(
                project_slug,
                created_at=start + timedelta(seconds=i),
                jobs=(),
                status="success",
            )
            for i in range(count)
        ]

    def tick(self) -> datetime:
        """The time of the next thing created through the API: one second after the last."""
        self._ticks += 1
        return BASE_TIME - timedelta(minutes=5) + timedelta(seconds=self._ticks)

    def start_pipeline(
        self,
        project_slug: str,
        *,
        actor: str,
        branch: str | None = None,
        tag: str | None = None,
        parameters: dict[str, Any] | None = None,
        trigger_type: str = "api",
        setup: bool = False,
    ) -> FakePipeline:
        """A pipeline created through the API: its workflow is ``running``, its jobs queued.

        With ``setup=True`` it waits in ``setup`` with a continuation key and no workflows.
        """
        project = self.projects[project_slug]
        pipeline = self.add_pipeline(
            project_slug,
            branch=branch if branch is not None else (project.default_branch if not tag else ""),
            created_at=self.tick(),
            workflows=() if setup else ("build-and-test",),
            jobs=("build", "test"),
            status="running",
        )
        pipeline.tag = tag
        pipeline.trigger_type = trigger_type
        pipeline.actor = actor
        pipeline.parameters = dict(parameters or {})
        if setup:
            pipeline.state = "setup"
            pipeline.continuation_key = self.new_id()
        for workflow in pipeline.workflows:
            self.start_workflow(workflow)
        return pipeline

    def add_workflow(
        self,
        pipeline: FakePipeline,
        name: str,
        *,
        jobs: tuple[str, ...] = ("build",),
        status: str = "success",
    ) -> FakeWorkflow:
        """Add a workflow (with ``jobs``, all ``status``) to an existing pipeline."""
        created = self.tick()
        workflow = FakeWorkflow(
            id=self.new_id(),
            name=name,
            status=status,
            project_slug=pipeline.project_slug,
            pipeline_id=pipeline.id,
            pipeline_number=pipeline.number,
            created_at=created,
            stopped_at=created + timedelta(minutes=1),
            started_by=self.users[0].id,
        )
        pipeline.workflows.append(workflow)
        self.workflows[workflow.id] = workflow
        for job_name in jobs:
            self.add_job(workflow, job_name, status=status)
        return workflow

    def start_workflow(self, workflow: FakeWorkflow) -> None:
        """Mark ``workflow`` running: first job running, the others queued, none stopped."""
        workflow.status = "running"
        workflow.stopped_at = None
        for index, job in enumerate(workflow.jobs):
            if job.type == "approval":
                job.status = "on_hold"
                continue
            job.status = "running" if index == 0 else "queued"
            job.stopped_at = None
            if index:
                job.started_at = None

    def advance(self, pipeline_id: str | None = None) -> int:
        """Move every ``running`` workflow (of one pipeline, or of all) one step on.

        A step finishes the running job (``success``, or ``failed`` for the last job on a
        branch of ``failing_branches``) and starts the next queued one. When no job is left
        the workflow ends, ``failed`` if a job failed, else ``success``, with ``stopped_at``
        set; an approval on hold puts it ``on_hold`` instead (approving it resumes it).
        Returns how many workflows moved. Deterministic: times come from :meth:`tick`.
        """
        if pipeline_id is None:
            workflows = list(self.workflows.values())
        else:
            workflows = list(self.pipelines[pipeline_id].workflows)
        running = [w for w in workflows if w.status == "running"]
        for workflow in running:
            self._step(workflow)
        return len(running)

    def _step(self, workflow: FakeWorkflow) -> None:
        stamps = [workflow.created_at]
        stamps += [t for j in workflow.jobs for t in (j.started_at, j.stopped_at) if t]
        now = max(self.tick(), max(stamps) + timedelta(seconds=1))
        pending = [j for j in workflow.jobs if j.status in ("running", "queued", "on_hold")]
        if pending and pending[0].status == "running":
            job = pending.pop(0)
            branch = self.pipelines[workflow.pipeline_id].branch
            last = job is workflow.jobs[-1]
            job.status = "failed" if last and branch in self.failing_branches else "success"
            job.stopped_at = now
        if pending and pending[0].status == "queued":
            pending[0].status, pending[0].started_at = "running", now
        elif pending:
            workflow.status = "on_hold"
        else:
            failed = any(j.status == "failed" for j in workflow.jobs)
            workflow.status = "failed" if failed else "success"
            workflow.stopped_at = now

    # ---- queries ----------------------------------------------------------------------
    def project_pipelines(self, slug: str, branch: str | None = None) -> list[FakePipeline]:
        """Pipelines of a project, newest first."""
        items = [p for p in self.pipelines.values() if p.project_slug == slug]
        if branch is not None:
            items = [p for p in items if p.branch == branch]
        return sorted(items, key=lambda p: p.number, reverse=True)

    def all_artifacts(self) -> Iterator[tuple[FakeJob, FakeArtifact]]:
        """Every artifact with its job."""
        for job in self.jobs.values():
            for artifact in job.artifacts:
                yield job, artifact
