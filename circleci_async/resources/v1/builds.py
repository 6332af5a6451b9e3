"""v1.1 build endpoints: recent builds, build details, retry, cancel, trigger."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from circleci_async._http import codec
from circleci_async.models.v1.builds import (
    Build,
    BuildDetails,
    PipelineTriggered,
    TriggerBranchBuildRequest,
    TriggerBuildRequest,
    TriggerPipelineRequest,
)
from circleci_async.pagination import AsyncPager
from circleci_async.resources._base import Resource
from circleci_async.resources.v1._common import (
    build_filter,
    build_path,
    offset_pager,
    project_path,
)

__all__ = ["OPERATIONS", "Builds"]

_P = "/project/:vcs/:org/:project"
OPERATIONS = {
    "v1.1 GET /recent-builds": "v1.builds.recent",
    f"v1.1 GET {_P}": "v1.builds.list",
    f"v1.1 GET {_P}/tree/:branch": "v1.builds.list_branch",
    f"v1.1 GET {_P}/:build_num": "v1.builds.get",
    f"v1.1 POST {_P}/:build_num/retry": "v1.builds.retry",
    f"v1.1 POST {_P}/:build_num/ssh": "v1.builds.retry_with_ssh",
    f"v1.1 POST {_P}/:build_num/cancel": "v1.builds.cancel",
    f"v1.1 POST {_P}/:build_num/ssh-users": "v1.builds.add_ssh_user",
    f"v1.1 POST {_P}": "v1.builds.trigger",
    f"v1.1 POST {_P}/tree/:branch": "v1.builds.trigger_branch",
    f"v1.1 POST {_P}/build": "v1.builds.trigger_pipeline",
}

_PROJECT = "/project/{vcs}/{org}/{project}"
_BRANCH = _PROJECT + "/tree/{branch}"
_BUILD = _PROJECT + "/{build_num}"


class Builds(Resource):
    """``cci.v1.builds``: builds (v2 jobs) by number, listings, retry, cancel, trigger."""

    __slots__ = ()

    def recent(
        self, *, limit: int | None = None, offset: int = 0, shallow: bool | None = None
    ) -> AsyncPager[Build]:
        """Recent builds across every project the user can see, newest first.

        The pager walks ``offset`` in pages of up to 100 and stops after ``limit`` builds
        (``None``: all of them). ``shallow=True`` asks for fewer fields per build (faster).
        """
        return offset_pager(
            self._s,
            "/recent-builds",
            Build,
            path=None,
            params=codec.query(shallow=shallow),
            limit=limit,
            offset=offset,
        )

    def list(
        self,
        project_slug: str,
        *,
        limit: int | None = None,
        offset: int = 0,
        filter: str | None = None,
        shallow: bool | None = None,
    ) -> AsyncPager[Build]:
        """Builds of a project, newest first (paged like :meth:`recent`).

        ``filter`` is ``completed``, ``successful``, ``failed`` or ``running``.
        """
        return offset_pager(
            self._s,
            _PROJECT,
            Build,
            path=project_path(project_slug),
            params=codec.query(filter=build_filter(filter), shallow=shallow),
            limit=limit,
            offset=offset,
        )

    def list_branch(
        self,
        project_slug: str,
        branch: str,
        *,
        limit: int | None = None,
        offset: int = 0,
        filter: str | None = None,
        shallow: bool | None = None,
    ) -> AsyncPager[Build]:
        """Builds of one branch, newest first (``feature/x y`` is encoded for you)."""
        return offset_pager(
            self._s,
            _BRANCH,
            Build,
            path=_branch(project_slug, branch),
            params=codec.query(filter=build_filter(filter), shallow=shallow),
            limit=limit,
            offset=offset,
        )

    async def get(self, project_slug: str, build_num: int) -> BuildDetails:
        """Everything about a build: steps and actions, commits, SSH users."""
        return await self._build("GET", "", BuildDetails, project_slug, build_num)

    async def retry(self, project_slug: str, build_num: int) -> Build:
        """Retry a build; returns the new build."""
        return await self._build("POST", "/retry", Build, project_slug, build_num)

    async def retry_with_ssh(self, project_slug: str, build_num: int) -> Build:
        """Retry a build with SSH enabled (``POST …/ssh``); returns the new build."""
        return await self._build("POST", "/ssh", Build, project_slug, build_num)

    async def cancel(self, project_slug: str, build_num: int) -> Build:
        """Cancel a build; returns it."""
        return await self._build("POST", "/cancel", Build, project_slug, build_num)

    async def add_ssh_user(self, project_slug: str, build_num: int) -> BuildDetails:
        """Add the caller's SSH key to a running build (needs a personal token)."""
        return await self._build("POST", "/ssh-users", BuildDetails, project_slug, build_num)

    async def trigger(
        self,
        project_slug: str,
        *,
        revision: str | None = None,
        tag: str | None = None,
        parallel: int | None = None,
        build_parameters: Mapping[str, Any] | None = None,
    ) -> Build:
        """Trigger a build of the default branch, a ``revision`` or a ``tag``.

        ``build_parameters`` become environment variables of the build. CircleCI does not
        support this for configs with ``version: 2.1``: use :meth:`trigger_pipeline` there.
        """
        if revision is not None and tag is not None:
            raise ValueError("give revision or tag, not both")
        body = codec.build_body(
            TriggerBuildRequest,
            {
                "revision": revision,
                "tag": tag,
                "parallel": parallel,
                "build_parameters": build_parameters,
            },
        )
        return await self._s.call(
            "POST", _PROJECT, Build, path=project_path(project_slug), json=body, api="v1.1"
        )

    async def trigger_branch(
        self,
        project_slug: str,
        branch: str,
        *,
        revision: str | None = None,
        parallel: int | None = None,
        build_parameters: Mapping[str, Any] | None = None,
    ) -> Build:
        """Trigger a build of ``branch`` (at ``revision``, else its head); not for 2.1 configs."""
        body = codec.build_body(
            TriggerBranchBuildRequest,
            {"revision": revision, "parallel": parallel, "build_parameters": build_parameters},
        )
        return await self._s.call(
            "POST", _BRANCH, Build, path=_branch(project_slug, branch), json=body, api="v1.1"
        )

    async def trigger_pipeline(
        self,
        project_slug: str,
        *,
        branch: str | None = None,
        tag: str | None = None,
        revision: str | None = None,
    ) -> PipelineTriggered:
        """Trigger a pipeline of ``branch`` (optionally at ``revision``) or of ``tag``."""
        if tag is not None and (branch is not None or revision is not None):
            raise ValueError("give tag alone, or branch (and optionally revision)")
        body = codec.build_body(
            TriggerPipelineRequest, {"branch": branch, "tag": tag, "revision": revision}
        )
        return await self._s.call(
            "POST",
            _PROJECT + "/build",
            PipelineTriggered,
            path=project_path(project_slug),
            json=body,
            api="v1.1",
        )

    async def _build(
        self, method: str, suffix: str, type_: type[codec.T], project_slug: str, build_num: int
    ) -> codec.T:
        return await self._s.call(
            method, _BUILD + suffix, type_, path=build_path(project_slug, build_num), api="v1.1"
        )


def _branch(project_slug: str, branch: str) -> dict[str, str]:
    path = project_path(project_slug)
    path["branch"] = codec.path_segment(branch, "branch")
    return path
