"""Models of v1.1 build endpoints."""

from __future__ import annotations

__all__: list[str] = []
