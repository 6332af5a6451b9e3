"""Models of the Rollback area."""

from __future__ import annotations

__all__: list[str] = []
