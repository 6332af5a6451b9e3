"""Models of the Rollback area (``/projects/{project_id}/rollback``)."""

from __future__ import annotations

from typing import Any

import msgspec

from circleci_async.models._base import Body, Model

__all__ = ["RollbackRequest", "RollbackResult"]


class RollbackRequest(Body):
    """Body of ``rollbacks.rollback``: which component, where, from which version to which."""

    component_name: str
    current_version: str
    environment_name: str
    target_version: str
    namespace: str | msgspec.UnsetType = msgspec.UNSET
    parameters: dict[str, Any] | msgspec.UnsetType = msgspec.UNSET
    """Extra pipeline parameters for the rollback pipeline."""
    reason: str | msgspec.UnsetType = msgspec.UNSET


class RollbackResult(Model):
    """An accepted rollback: the id of the pipeline (or command) that performs it."""

    id: str | None = None
    rollback_type: str | None = None
    """``PIPELINE`` (or another kind of rollback)."""
