"""Models of the Pipeline Definition area."""

from __future__ import annotations

__all__: list[str] = []
