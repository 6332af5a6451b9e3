"""Models of the Groups area."""

from __future__ import annotations

__all__: list[str] = []
