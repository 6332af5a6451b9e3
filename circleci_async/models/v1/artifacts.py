"""Models of v1.1 artifact endpoints."""

from __future__ import annotations

__all__: list[str] = []
