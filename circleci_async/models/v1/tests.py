"""Models of v1.1 test metadata of a build."""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec

from circleci_async.models._base import Model

__all__ = ["TestMetadata", "TestMetadataResponse"]


class TestMetadata(Model):
    """One test case result of a build.

    ``result`` is ``success``, ``failure``, ``skipped`` or ``error`` (or a new value);
    ``run_time`` is in seconds.
    """

    __test__: ClassVar[bool] = False  # not a pytest test class

    name: str | None = None
    classname: str | None = None
    file: str | None = None
    source: str | None = None
    result: str | None = None
    run_time: float | None = None
    message: str | None = None


class TestMetadataResponse(Model):
    """The body of ``GET …/:build_num/tests``: ``{"tests": [...]}``."""

    __test__: ClassVar[bool] = False

    tests: list[TestMetadata] = msgspec.field(default_factory=list)
    exceptions: list[Any] | None = None
