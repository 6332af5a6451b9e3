"""Models of the OIDC Token Management area."""

from __future__ import annotations

__all__: list[str] = []
