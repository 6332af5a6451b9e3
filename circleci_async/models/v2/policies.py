"""Models of the Policy Management area."""

from __future__ import annotations

__all__: list[str] = []
