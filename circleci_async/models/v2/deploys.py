"""Models of the Deploy area."""

from __future__ import annotations

__all__: list[str] = []
