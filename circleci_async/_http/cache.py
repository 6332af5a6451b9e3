"""An opt-in, in-memory HTTP cache for GET responses (RFC 9111, private-cache subset)."""

from __future__ import annotations

import hashlib
import os
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from multidict import CIMultiDict, CIMultiDictProxy

__all__ = ["CacheEntry", "HTTPCache", "parse_cache_control"]

DEFAULT_MAX_BYTES = 16 * 1024 * 1024

#: Response headers a 304 may update on the stored response (RFC 9111 §4.3.4, the useful ones).
_UPDATABLE = ("Cache-Control", "ETag", "Last-Modified", "Date", "Expires", "Age")


def parse_cache_control(value: str | None) -> dict[str, str | None]:
    """Parse a ``Cache-Control`` header into ``{directive: argument or None}`` (lower-case)."""
    directives: dict[str, str | None] = {}
    if not value:
        return directives
    for part in value.split(","):
        name, sep, arg = part.strip().partition("=")
        name = name.strip().lower()
        if name:
            directives[name] = arg.strip().strip('"') if sep else None
    return directives


def _seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        seconds = int(value)
    except ValueError:
        return None
    return float(max(0, seconds))


@dataclass(slots=True)
class CacheEntry:
    """One stored response."""

    status: int
    headers: CIMultiDictProxy[str]
    body: bytes
    url: str
    #: Clock time until which the entry may be served without asking the server.
    fresh_until: float
    size: int = field(default=0)

    @property
    def etag(self) -> str | None:
        """The stored ``ETag``, if any."""
        return self.headers.get("ETag")

    @property
    def last_modified(self) -> str | None:
        """The stored ``Last-Modified``, if any."""
        return self.headers.get("Last-Modified")

    def validators(self) -> dict[str, str]:
        """Conditional-request headers for revalidating this entry."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class HTTPCache:
    """In-memory LRU cache of successful GET responses, bounded by ``max_bytes``.

    Pass it to the client: ``CircleCI(cache=HTTPCache(max_bytes=8_000_000))``. It honours the
    response's ``Cache-Control``: ``max-age`` (minus ``Age``) sets freshness; ``no-store`` is
    never stored; ``no-cache`` (or no ``max-age``) is stored only with a validator and
    revalidated on every use with ``If-None-Match`` / ``If-Modified-Since``, a 304 then serves
    the stored body. ``private`` responses are stored: this cache belongs to one process and
    every entry is keyed by the token, so data never crosses tokens. Only 200 responses to GET
    are stored; errors never are. A successful POST/PUT/PATCH/DELETE drops the entries of its
    URL. The key holds a salted hash of the token, never the token.

    ``clock`` (default ``time.monotonic``) is injectable for tests and simulations.
    """

    def __init__(
        self, max_bytes: int = DEFAULT_MAX_BYTES, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if not isinstance(max_bytes, int) or max_bytes < 1:
            raise ValueError(f"HTTPCache max_bytes must be a positive int, got {max_bytes!r}")
        self.max_bytes = max_bytes
        self._clock = clock
        self._salt = os.urandom(16)
        self._entries: OrderedDict[tuple[str, str], CacheEntry] = OrderedDict()
        self._bytes = 0
        #: Counters: fresh hits, 304 revalidations, misses, stores, evictions.
        self.hits = 0
        self.revalidations = 0
        self.misses = 0
        self.stores = 0
        self.evictions = 0

    def __repr__(self) -> str:
        return (
            f"HTTPCache(entries={len(self._entries)}, bytes={self._bytes}, "
            f"max_bytes={self.max_bytes})"
        )

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        """Bytes currently held (bodies, headers and URLs)."""
        return self._bytes

    def identity(self, credential: str | None) -> str:
        """A salted hash naming whoever ``credential`` is (``""`` for no credential)."""
        if not credential:
            return ""
        return hashlib.blake2b(credential.encode(), key=self._salt, digest_size=16).hexdigest()

    def lookup(self, identity: str, url: str) -> tuple[CacheEntry | None, bool]:
        """Return ``(entry, fresh)`` for ``url`` as seen by ``identity`` (LRU-touching it)."""
        key = (identity, url)
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return None, False
        self._entries.move_to_end(key)
        fresh = self._clock() < entry.fresh_until
        if fresh:
            self.hits += 1
        return entry, fresh

    def store(
        self, identity: str, url: str, status: int, headers: Mapping[str, str], body: bytes
    ) -> CacheEntry | None:
        """Store a GET response if its status and ``Cache-Control`` allow; return the entry."""
        key = (identity, url)
        if status != 200:
            return None
        cc = parse_cache_control(headers.get("Cache-Control"))
        if "no-store" in cc or headers.get("Vary", "").strip() == "*":
            self._drop(key)
            return None
        fresh_until = self._fresh_until(cc, headers)
        has_validator = "ETag" in headers or "Last-Modified" in headers
        if fresh_until <= self._clock() and not has_validator:
            self._drop(key)
            return None
        frozen = CIMultiDictProxy(CIMultiDict(headers))
        size = len(body) + len(url) + sum(len(k) + len(v) for k, v in frozen.items())
        self._drop(key)
        if size > self.max_bytes:
            return None
        entry = CacheEntry(status, frozen, body, url, fresh_until, size)
        self._entries[key] = entry
        self._bytes += size
        self.stores += 1
        while self._bytes > self.max_bytes:
            _, old = self._entries.popitem(last=False)
            self._bytes -= old.size
            self.evictions += 1
        return entry

    def revalidated(
        self, identity: str, url: str, entry: CacheEntry, headers: Mapping[str, str]
    ) -> CacheEntry:
        """Record a 304 for ``entry``: merge the new headers and renew its freshness."""
        self.revalidations += 1
        merged = CIMultiDict(entry.headers)
        for name in _UPDATABLE:
            if name in headers:
                merged[name] = headers[name]
        cc = parse_cache_control(merged.get("Cache-Control"))
        entry.headers = CIMultiDictProxy(merged)
        entry.fresh_until = self._fresh_until(cc, merged)
        if "no-store" in cc:
            self._drop((identity, url))
        return entry

    def invalidate(self, identity: str, url: str) -> None:
        """Drop the entries of ``url`` (any query string) for ``identity``."""
        base = url.partition("?")[0]
        for key in [
            k for k in self._entries if k[0] == identity and k[1].partition("?")[0] == base
        ]:
            self._drop(key)

    def clear(self) -> None:
        """Drop every entry."""
        self._entries.clear()
        self._bytes = 0

    def _drop(self, key: tuple[str, str]) -> None:
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= old.size

    def _fresh_until(self, cc: Mapping[str, str | None], headers: Mapping[str, str]) -> float:
        now = self._clock()
        if "no-cache" in cc:
            return now
        max_age = _seconds(cc.get("max-age")) if "max-age" in cc else None
        if max_age is None:
            return now
        age = _seconds(headers.get("Age")) or 0.0
        return now + max(0.0, max_age - age)
