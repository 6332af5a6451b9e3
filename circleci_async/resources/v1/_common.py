"""Helpers of the v1.1 resources: path parameters, filters and the offset pager."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar
from urllib.parse import quote

from circleci_async._http import codec
from circleci_async._http.session import Session
from circleci_async.models.v1.builds import BuildFilter
from circleci_async.pagination import AsyncPager, offset_pages

__all__ = ["MAX_LIMIT", "build_filter", "build_path", "offset_pager", "project_path"]

#: The most items v1.1 returns per request; larger limits are split into several requests.
MAX_LIMIT = 100

T = TypeVar("T")
_FILTERS = frozenset(f.value for f in BuildFilter)


def project_path(project_slug: object) -> dict[str, str]:
    """Split ``gh/org/repo`` into the encoded ``:vcs/:org/:project`` of v1.1 paths."""
    vcs, org, project = codec.split_project_slug(project_slug)
    return {
        "vcs": quote(vcs, safe=""),
        "org": quote(org, safe=""),
        "project": quote(project, safe=""),
    }


def build_path(project_slug: object, build_num: object) -> dict[str, str]:
    """Path parameters of a build: the project's plus ``build_num`` (a positive integer)."""
    path = project_path(project_slug)
    path["build_num"] = str(build_number(build_num))
    return path


def build_number(value: object, name: str = "build_num") -> int:
    """Validate a build number: a positive int (or a string of digits)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"{name} must be a positive integer, got {value!r}")
    if isinstance(value, str):
        if not value.isdigit():
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
        value = int(value)
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def build_filter(value: object) -> str | None:
    """Validate ``filter``: ``completed``, ``successful``, ``failed``, ``running`` or ``None``."""
    if value is None:
        return None
    if not isinstance(value, str) or value not in _FILTERS:
        raise ValueError(
            f"filter must be one of {', '.join(sorted(_FILTERS))} (or None), got {value!r}"
        )
    return value


def offset_pager(
    session: Session,
    route: str,
    item_type: type[T],
    *,
    path: dict[str, str] | None,
    params: Sequence[tuple[str, str]],
    limit: int | None,
    offset: int,
) -> AsyncPager[T]:
    """A pager over a v1.1 ``limit``/``offset`` listing.

    Requests pages of at most ``MAX_LIMIT`` starting at ``offset``; stops after ``limit`` items
    in total (``None``: until a short or empty page).
    """
    if isinstance(limit, bool) or not (limit is None or isinstance(limit, int)):
        raise TypeError(f"limit must be an integer or None, got {limit!r}")
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be >= 1, got {limit!r}")
    if isinstance(offset, bool) or not isinstance(offset, int):
        raise TypeError(f"offset must be an integer, got {offset!r}")
    if offset < 0:
        raise ValueError(f"offset must be >= 0, got {offset!r}")

    list_type: type[list[T]] = list[item_type]  # type: ignore[valid-type]

    async def fetch(at: int, size: int) -> list[T]:
        query = [*params, ("limit", str(size)), ("offset", str(offset + at))]
        return await session.call("GET", route, list_type, path=path, params=query, api="v1.1")

    return offset_pages(fetch, limit=limit, page_size=MAX_LIMIT, describe=route)
