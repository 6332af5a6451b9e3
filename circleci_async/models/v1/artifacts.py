"""Models of v1.1 artifact endpoints."""

from __future__ import annotations

from circleci_async.models._base import Model

__all__ = ["Artifact"]


class Artifact(Model):
    """A file a build stored: ``url`` downloads it (with the token, following redirects).

    ``node_index`` is the parallel node that stored it: two nodes may store the same ``path``.
    """

    path: str
    url: str
    pretty_path: str | None = None
    node_index: int = 0
