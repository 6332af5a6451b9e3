"""Models of the Workflow area."""

from __future__ import annotations

__all__: list[str] = []
