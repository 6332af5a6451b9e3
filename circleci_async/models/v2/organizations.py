"""Models of the Organization area."""

from __future__ import annotations

__all__: list[str] = []
