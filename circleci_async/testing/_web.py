"""Helpers the fake server's route modules share: JSON answers, auth, lookups, paging."""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from aiohttp import web

from circleci_async.testing.data import FakeJob, FakeProject, FakeUser

if TYPE_CHECKING:
    from circleci_async.testing.server import FakeCircleCI

__all__ = [
    "ApiError",
    "Handler",
    "add_slug_route",
    "fake_of",
    "json_body",
    "ok",
    "page",
    "project_for",
    "require_user",
]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

#: CircleCI's own 401 messages.
MSG_LOGIN = "You must log in first."
MSG_INVALID_TOKEN = "Invalid token provided."


class ApiError(Exception):
    """Raised by handlers; the server turns it into an error response."""

    def __init__(self, status: int, message: str, *, key: str = "message") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.key = key


def fake_of(request: web.Request) -> FakeCircleCI:
    """The server instance handling ``request``."""
    from circleci_async.testing.server import FAKE_KEY

    return request.app[FAKE_KEY]


def ok(data: Any, status: int = 200) -> web.Response:
    """A JSON response."""
    return web.Response(
        body=json.dumps(data, separators=(",", ":")).encode(),
        status=status,
        content_type="application/json",
    )


async def json_body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object body; 400 when it is not one."""
    try:
        data = await request.json()
    except ValueError:
        raise ApiError(400, "Request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise ApiError(400, "Request body must be a JSON object")
    return data


def require_user(request: web.Request) -> FakeUser:
    """The authenticated user; 401 with CircleCI's message without a token."""
    user = fake_of(request).user_for(request)[0]
    if user is None:
        raise ApiError(401, MSG_LOGIN)
    return user


def project_for(request: web.Request, slug: str) -> FakeProject:
    """Look up a project the caller may see; 404 like CircleCI otherwise."""
    project = fake_of(request).data.projects.get(slug)
    if project is None or (not project.public and fake_of(request).user_for(request)[0] is None):
        raise ApiError(404, "Project not found")
    return project


def job_for(request: web.Request, slug: str, number: str) -> FakeJob:
    """Look up a job by project slug and job number; 404 otherwise."""
    project_for(request, slug)
    try:
        key = (slug, int(number))
    except ValueError:
        raise ApiError(404, "Job not found") from None
    job = fake_of(request).data.job_numbers.get(key)
    if job is None:
        raise ApiError(404, "Job not found")
    return job


def _encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def _decode_token(token: str) -> int:
    try:
        padded = token + "=" * (-len(token) % 4)
        offset = json.loads(base64.urlsafe_b64decode(padded))["o"]
    except (ValueError, KeyError, TypeError):
        raise ApiError(400, "Invalid page-token") from None
    if not isinstance(offset, int) or offset < 0:
        raise ApiError(400, "Invalid page-token")
    return offset


def page(
    request: web.Request, items: Sequence[Any], *, page_size: int | None = None
) -> web.Response:
    """Answer one page of ``items`` with an opaque ``next_page_token``.

    Honours the ``page-token`` query parameter; with ``faults.stale_page_token`` the server
    keeps handing out the first page's token (a broken server a pager must not loop on).
    """
    fake = fake_of(request)
    size = page_size or fake.page_size
    token = request.query.get("page-token")
    offset = _decode_token(token) if token else 0
    chunk = list(items[offset : offset + size])
    next_offset = offset + size
    next_token: str | None = None
    if next_offset < len(items):
        next_token = _encode_token(size if fake.faults.stale_page_token else next_offset)
    return ok({"items": chunk, "next_page_token": next_token})


def add_slug_route(app: web.Application, method: str, path: str, handler: Handler) -> None:
    """Register a ``{project_slug}`` route for both escaped (``gh%2Fo%2Fr``) and raw slashes."""
    app.router.add_route(method, path, handler)
    raw = path.replace(
        "{project_slug}", "{project_slug:(?:gh|github|bb|bitbucket|circleci)/[^/]+/[^/]+}"
    )
    app.router.add_route(method, raw, handler)
