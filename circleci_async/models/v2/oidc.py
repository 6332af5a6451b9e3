"""Models of the OIDC Token Management area: custom claims of OIDC identity tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from circleci_async.models._base import Body, Model

__all__ = ["ClaimName", "OidcClaims", "PatchClaimsRequest"]


class ClaimName(StrEnum):
    """Names of the claims that can be deleted (``claims=`` of the delete methods)."""

    AUDIENCE = "audience"
    TTL = "ttl"


class OidcClaims(Model):
    """Custom claims of the OIDC tokens issued for an organization or one of its projects."""

    org_id: str | None = None
    project_id: str | None = None
    """Set on project-level claims only."""
    audience: list[str] | None = None
    audience_updated_at: datetime | None = None
    ttl: str | None = None
    """Token lifetime as a duration such as ``"1h"`` or ``"30m"``."""
    ttl_updated_at: datetime | None = None


class PatchClaimsRequest(Body):
    """Body of the ``update_*_claims`` methods: only the claims given change."""

    audience: list[str] | msgspec.UnsetType = msgspec.UNSET
    ttl: str | msgspec.UnsetType = msgspec.UNSET
