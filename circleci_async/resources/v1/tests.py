"""v1.1 test metadata of a build."""

from __future__ import annotations

import builtins

from circleci_async.models.v1.tests import TestMetadata, TestMetadataResponse
from circleci_async.resources._base import Resource
from circleci_async.resources.v1._common import build_path

__all__ = ["OPERATIONS", "Tests"]

OPERATIONS = {
    "v1.1 GET /project/:vcs/:org/:project/:build_num/tests": "v1.tests.list",
}


class Tests(Resource):
    """``cci.v1.tests``: test results a build stored with ``store_test_results``."""

    __slots__ = ()

    async def list(self, project_slug: str, build_num: int) -> builtins.list[TestMetadata]:
        """Every test result of a build (an empty list when it stored none)."""
        response = await self._s.call(
            "GET",
            "/project/{vcs}/{org}/{project}/{build_num}/tests",
            TestMetadataResponse,
            path=build_path(project_slug, build_num),
            api="v1.1",
        )
        return response.tests
