"""Base Structs shared by every model module."""

from __future__ import annotations

from typing import Generic, TypeVar

import msgspec

__all__ = ["Body", "Message", "Model", "Page"]

T = TypeVar("T")


class Model(msgspec.Struct, kw_only=True):
    """Base of every response model: unknown fields are ignored, missing ones defaulted."""


class Body(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Base of every request body: fields left at their default are not sent."""


class Message(Model):
    """A bare ``{"message": ...}`` answer (deletions and other confirmations)."""

    message: str | None = None


class Page(Model, Generic[T]):
    """One page of a token-paginated v2 listing."""

    items: list[T] = msgspec.field(default_factory=list)
    next_page_token: str | None = None
