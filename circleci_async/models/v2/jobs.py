"""Models of the Job area."""

from __future__ import annotations

from circleci_async.models._base import Model

__all__ = ["Artifact"]


class Artifact(Model):
    """A file a job stored; ``url`` downloads it (with the token, CircleCI hosts only)."""

    path: str = ""
    node_index: int = 0
    url: str = ""
