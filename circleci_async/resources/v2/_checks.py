"""Argument checks shared by the Groups and Deploy resources (query parameters)."""

from __future__ import annotations

from circleci_async._http import codec

__all__ = ["page_size", "query_id"]


def page_size(value: object, name: str) -> int:
    """Validate a page size: an integer of at least 1 (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value!r}")
    return value


def query_id(value: object, name: str) -> str:
    """Validate an id sent as a query parameter (non-empty string); return it unencoded."""
    codec.path_segment(value, name)
    return str(value)
