"""Models of v1.1 user endpoints."""

from __future__ import annotations

__all__: list[str] = []
