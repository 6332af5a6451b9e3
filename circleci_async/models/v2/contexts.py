"""Models of the Context area."""

from __future__ import annotations

__all__: list[str] = []
