"""Models of v1.1 test metadata of a build.."""

from __future__ import annotations

__all__: list[str] = []
