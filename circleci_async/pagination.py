"""Lazy pagination: ``AsyncPager`` over token-paged (v2) and offset-paged (v1.1) listings."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from typing import Generic, TypeVar

from circleci_async.errors import PaginationError

__all__ = ["AsyncPager", "offset_pages", "token_pages"]

T = TypeVar("T")

#: Fetch one page given the page token (``None`` for the first): ``(items, next_token)``.
TokenFetch = Callable[[str | None], Awaitable[tuple[list[T], str | None]]]
#: Fetch one page given ``(offset, limit)``: the items of that page.
OffsetFetch = Callable[[int, int], Awaitable[list[T]]]


class AsyncPager(Generic[T]):
    """A paginated listing, fetched lazily page by page.

    ``async for item in pager`` walks every item; ``pager.pages()`` walks pages;
    ``await pager.collect(limit=None)`` (or simply ``await pager``) returns a list.
    Nothing is requested until the pager is iterated. A pager can be iterated more than once:
    each iteration starts again from the first page.
    """

    __slots__ = ("_describe", "_pages")

    def __init__(
        self, pages: Callable[[int | None], AsyncIterator[list[T]]], describe: str = ""
    ) -> None:
        self._pages = pages
        self._describe = describe

    def __repr__(self) -> str:
        return f"AsyncPager({self._describe})" if self._describe else "AsyncPager()"

    def pages(self, max_pages: int | None = None) -> AsyncIterator[list[T]]:
        """Iterate page by page (each a list of items), at most ``max_pages`` pages."""
        if max_pages is not None and max_pages < 1:
            raise ValueError(f"max_pages must be >= 1, got {max_pages!r}")
        return self._pages(max_pages)

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self._pages(None):
            for item in page:
                yield item

    async def collect(self, limit: int | None = None, *, max_pages: int | None = None) -> list[T]:
        """Fetch items into a list: at most ``limit`` items and ``max_pages`` pages."""
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be >= 0, got {limit!r}")
        out: list[T] = []
        if limit == 0:
            return out
        async for page in self.pages(max_pages):
            out.extend(page)
            if limit is not None and len(out) >= limit:
                del out[limit:]
                break
        return out

    async def first(self) -> T | None:
        """Return the first item, or ``None`` for an empty listing (fetches one page)."""
        items = await self.collect(1, max_pages=1)
        return items[0] if items else None

    def __await__(self) -> Generator[object, None, list[T]]:
        return self.collect().__await__()


def token_pages(fetch: TokenFetch[T], describe: str = "") -> AsyncPager[T]:
    """A pager over a ``next_page_token`` listing.

    Stops on a null, empty or missing token; raises ``PaginationError`` when the server hands
    out a token it already gave (which would otherwise loop forever).
    """

    async def pages(max_pages: int | None) -> AsyncIterator[list[T]]:
        token: str | None = None
        seen: set[str] = set()
        count = 0
        while True:
            items, token = await fetch(token)
            count += 1
            yield items
            if not token or (max_pages is not None and count >= max_pages):
                return
            if token in seen:
                raise PaginationError(
                    f"the server repeated page token {token[:40]!r} after page {count}"
                    f"{' of ' + describe if describe else ''}; stopping instead of looping"
                )
            seen.add(token)

    return AsyncPager(pages, describe)


def offset_pages(
    fetch: OffsetFetch[T], *, limit: int | None, page_size: int = 100, describe: str = ""
) -> AsyncPager[T]:
    """A pager over an ``offset``/``limit`` listing (v1.1).

    Walks ``offset`` in steps of ``page_size`` until a short or empty page, or until ``limit``
    items in total (``None`` for no limit).
    """
    if page_size < 1:
        raise ValueError(f"page_size must be >= 1, got {page_size!r}")
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit!r}")

    async def pages(max_pages: int | None) -> AsyncIterator[list[T]]:
        offset = 0
        count = 0
        while limit is None or offset < limit:
            size = page_size if limit is None else min(page_size, limit - offset)
            items = await fetch(offset, size)
            count += 1
            yield items[:size]
            if len(items) < size or (max_pages is not None and count >= max_pages):
                return
            offset += size

    return AsyncPager(pages, describe)
