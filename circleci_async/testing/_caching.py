"""Cache validators and rate-limit headers the fake server adds to its API responses."""

from __future__ import annotations

import hashlib
import math
import re
from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from circleci_async.testing.server import FakeCircleCI

__all__ = ["DEFAULT_CACHE_RULES", "decorate"]

#: ``(path regex, Cache-Control)``: the first full match decides a GET's ``Cache-Control``.
DEFAULT_CACHE_RULES: tuple[tuple[str, str], ...] = (
    (r"/api/v2/me", "private, max-age=60"),
    (r"/api/v2/project/[^/]+/[^/]+/[^/]+", "private, no-cache"),
)


def decorate(
    fake: FakeCircleCI, request: web.Request, response: web.StreamResponse
) -> web.StreamResponse:
    """Add cache validators to a successful GET, and rate-limit headers.

    A GET answered 200 gets an ``ETag`` and the ``Cache-Control`` of the first matching rule,
    or a 304 when its ``If-None-Match`` matches. ``RateLimit-*`` headers go on every response
    while the fake enforces a rate limit.
    """
    faults = fake.faults
    if faults.rate_limit is not None:
        tokens = fake._bucket.tokens or 0.0
        response.headers["RateLimit-Limit"] = str(faults.rate_burst)
        response.headers["RateLimit-Remaining"] = str(max(0, math.floor(tokens)))
        missing = max(0.0, faults.rate_burst - tokens)
        response.headers["RateLimit-Reset"] = str(math.ceil(missing / faults.rate_limit))
    if (
        request.method != "GET"
        or response.status != 200
        or not fake.send_etags
        or not isinstance(response, web.Response)
        or not isinstance(response.body, bytes)
    ):
        return response
    path = request.rel_url.raw_path
    for pattern, value in fake.cache_rules:
        if re.fullmatch(pattern, path):
            response.headers.setdefault("Cache-Control", value)
            break
    etag = response.headers.setdefault(
        "ETag", '"' + hashlib.sha256(response.body).hexdigest()[:32] + '"'
    )
    if etag in (t.strip() for t in request.headers.get("If-None-Match", "").split(",")):
        fake.not_modified += 1
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        headers.pop("Content-Type", None)
        return web.Response(status=304, headers=headers)
    return response
