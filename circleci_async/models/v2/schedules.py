"""Models of the Schedule area."""

from __future__ import annotations

__all__: list[str] = []
