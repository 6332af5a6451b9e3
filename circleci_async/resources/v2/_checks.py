"""Argument checks shared by the v2 resources."""

from __future__ import annotations

from circleci_async._http import codec

__all__ = ["number", "page_size", "query_id"]


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


def number(value: object, name: str) -> str:
    """Validate a pipeline or job number (an int or a string of digits, >= 1) for a path."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    text = str(value)
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return text
