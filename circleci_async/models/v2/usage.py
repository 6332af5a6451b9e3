"""Models of the Usage area."""

from __future__ import annotations

__all__: list[str] = []
