"""Base class of every resource: a handle on the client's session plus paging helpers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from circleci_async._http.session import Session
from circleci_async.models._base import Page
from circleci_async.pagination import AsyncPager, token_pages

__all__ = ["Resource"]

T = TypeVar("T")


class Resource:
    """A group of API operations sharing the client's session."""

    __slots__ = ("_s",)

    def __init__(self, session: Session) -> None:
        self._s = session

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    def _token_pager(
        self,
        route: str,
        item_type: type[T],
        *,
        path: Mapping[str, str] | None = None,
        params: Sequence[tuple[str, str]] = (),
    ) -> AsyncPager[T]:
        """A pager over a v2 ``next_page_token`` listing of ``item_type``."""
        page_type: type[Page[T]] = Page[item_type]  # type: ignore[valid-type]
        session = self._s

        async def fetch(token: str | None) -> tuple[list[T], str | None]:
            query = [*params, ("page-token", token)] if token else params
            page = await session.call("GET", route, page_type, path=path, params=query)
            return page.items, page.next_page_token

        return token_pages(fetch, describe=route)
