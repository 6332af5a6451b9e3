"""v1.1 artifact endpoints: artifacts of a build, artifacts of the latest build."""

from __future__ import annotations

import builtins
import re

from circleci_async._http import codec
from circleci_async.errors import NotFound
from circleci_async.models.v1.artifacts import Artifact
from circleci_async.resources._base import Resource
from circleci_async.resources.v1._common import build_filter, build_path, project_path

__all__ = ["OPERATIONS", "Artifacts"]

OPERATIONS = {
    "v1.1 GET /project/:vcs/:org/:project/:build_num/artifacts": "v1.artifacts.list",
    "v1.1 GET /project/:vcs/:org/:project/latest/artifacts": "v1.artifacts.latest",
}

#: A 404 of ``latest/artifacts`` that means "no build matches" (not "no such project").
_NO_LATEST_BUILD = re.compile(r"\b(build|artifacts?)\b", re.IGNORECASE)
_PROJECT = re.compile(r"\bproject\b", re.IGNORECASE)


class Artifacts(Resource):
    """``cci.v1.artifacts``: files builds stored with ``store_artifacts``."""

    __slots__ = ()

    async def list(self, project_slug: str, build_num: int) -> builtins.list[Artifact]:
        """The artifacts of a build: an empty list when it stored none.

        A build that does not exist (or a project the token cannot see) raises ``NotFound``.
        """
        return await self._s.call(
            "GET",
            "/project/{vcs}/{org}/{project}/{build_num}/artifacts",
            builtins.list[Artifact],
            path=build_path(project_slug, build_num),
            api="v1.1",
        )

    async def latest(
        self, project_slug: str, *, branch: str | None = None, filter: str | None = None
    ) -> builtins.list[Artifact]:
        """The artifacts of the latest build, optionally of ``branch`` and matching ``filter``.

        ``filter`` is ``completed``, ``successful``, ``failed`` or ``running``. Returns an empty
        list when the latest build stored no artifacts, and also when CircleCI answers 404
        "Build not found" because no build matches ``branch``/``filter``: either way there is
        nothing to download. A 404 about the project itself (unknown project, or a private
        one the token cannot see) still raises ``NotFound``.
        """
        if branch is not None and (not isinstance(branch, str) or not branch.strip()):
            raise ValueError(f"branch must be a non-empty string, got {branch!r}")
        params = codec.query(branch=branch, filter=build_filter(filter))
        try:
            return await self._s.call(
                "GET",
                "/project/{vcs}/{org}/{project}/latest/artifacts",
                builtins.list[Artifact],
                path=project_path(project_slug),
                params=params,
                api="v1.1",
            )
        except NotFound as exc:
            text = exc.message or ""
            if _NO_LATEST_BUILD.search(text) and not _PROJECT.search(text):
                return []
            raise
