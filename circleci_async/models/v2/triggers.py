"""Models of the Trigger area."""

from __future__ import annotations

__all__: list[str] = []
