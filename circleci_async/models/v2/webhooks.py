"""Models of the Webhook area."""

from __future__ import annotations

__all__: list[str] = []
