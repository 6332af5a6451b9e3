"""Resources of API v1.1, under ``cci.v1``."""

from __future__ import annotations

from circleci_async._http.session import Session
from circleci_async.resources.v1.artifacts import Artifacts
from circleci_async.resources.v1.builds import Builds
from circleci_async.resources.v1.projects import Projects
from circleci_async.resources.v1.tests import Tests
from circleci_async.resources.v1.users import Users

__all__ = ["V1"]


class V1:
    """``cci.v1``: API v1.1, grouped like v2. Methods take ``project_slug`` (``gh/org/repo``)."""

    __slots__ = ("artifacts", "builds", "projects", "tests", "users")

    def __init__(self, session: Session) -> None:
        self.users = Users(session)
        self.projects = Projects(session)
        self.builds = Builds(session)
        self.artifacts = Artifacts(session)
        self.tests = Tests(session)

    def __repr__(self) -> str:
        return "<V1>"
