"""The error tree and the pure mapping from an HTTP response to an error."""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "APIStatusError",
    "BadRequest",
    "CircleCIError",
    "ClientClosedError",
    "Conflict",
    "ConnectError",
    "Forbidden",
    "NotFound",
    "PaginationError",
    "RateLimited",
    "RequestTimeout",
    "ResponseDecodeError",
    "ServerError",
    "TransportError",
    "Unauthorized",
    "Unprocessable",
    "error_from_response",
    "redact_url",
]

_BODY_EXCERPT = 500
_SECRET_PARAMS = frozenset({"circle-token", "token", "access_token", "x-amz-security-token"})


def redact_url(url: str) -> str:
    """Return ``url`` without user info and with secret query values replaced by ``REDACTED``."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(k.lower() in _SECRET_PARAMS for k, _ in pairs):
            query = urlencode(
                [(k, "REDACTED" if k.lower() in _SECRET_PARAMS else v) for k, v in pairs]
            )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


class CircleCIError(Exception):
    """Root of every error this library raises on purpose."""


class ClientClosedError(CircleCIError):
    """The client was used outside ``async with`` or after it was closed."""


class PaginationError(CircleCIError):
    """A paginated listing misbehaved (for example the server repeated a page token)."""


class TransportError(CircleCIError):
    """The request did not get an HTTP response: connection failure, reset or timeout."""

    def __init__(self, message: str, *, method: str, url: str) -> None:
        self.method = method
        self.url = redact_url(url)
        super().__init__(f"{message} ({method} {self.url})")


class ConnectError(TransportError):
    """No connection could be made; the request was never sent."""


class RequestTimeout(TransportError):
    """The server did not answer in time."""


class ResponseDecodeError(CircleCIError):
    """A response body did not match the model it should decode into."""

    def __init__(self, message: str, *, url: str, path: str | None = None) -> None:
        self.url = redact_url(url)
        self.path = path
        super().__init__(f"{message} (from {self.url})")


class APIStatusError(CircleCIError):
    """CircleCI answered with an error status."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        method: str,
        url: str,
        body: str = "",
        headers: Mapping[str, str] | None = None,
        retry_after: float | None = None,
        hint: str = "",
    ) -> None:
        """``hint`` (advice of the client's own) follows the server's message in ``str()``."""
        self.status = status
        self.method = method
        self.url = redact_url(url)
        self.message = message
        self.body = body
        self.headers: dict[str, str] = dict(headers or {})
        self.retry_after = retry_after
        super().__init__(f"{status} {message}{hint} ({method} {self.url})")

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(status={self.status}, message={self.message!r}, url={self.url!r})"


class BadRequest(APIStatusError):
    """HTTP 400."""


class Unauthorized(APIStatusError):
    """HTTP 401: the token is missing, invalid, or not allowed here."""


class Forbidden(APIStatusError):
    """HTTP 403."""


class NotFound(APIStatusError):
    """HTTP 404: no such resource, or no access to a private project."""


class Conflict(APIStatusError):
    """HTTP 409."""


class Unprocessable(APIStatusError):
    """HTTP 422."""


class RateLimited(APIStatusError):
    """HTTP 429 that could not be waited out; ``retry_after`` says how long CircleCI asked for."""


class ServerError(APIStatusError):
    """HTTP 5xx."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    422: Unprocessable,
    429: RateLimited,
}


def error_message(status: int, body: bytes) -> str:
    """Extract the server's message: JSON ``message``, else JSON ``error``, else plain text."""
    text = body.decode("utf-8", "replace").strip()
    if text[:1] in ("{", "["):
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            for key in ("message", "error"):
                value = data.get(key)
                if isinstance(value, str) and value:
                    return value
                if isinstance(value, dict) and isinstance(value.get("message"), str):
                    return str(value["message"])
    if text and not text.startswith("<"):
        return text if len(text) <= 200 else text[:200] + "…"
    return f"HTTP {status}"


def error_from_response(
    status: int,
    *,
    method: str,
    url: str,
    body: bytes,
    headers: Mapping[str, str] | None = None,
    retry_after: float | None = None,
    hint: str = "",
) -> APIStatusError:
    """Build the error for an error response (pure: no I/O); ``hint`` follows the message."""
    cls = _BY_STATUS.get(status) or (ServerError if status >= 500 else APIStatusError)
    return cls(
        error_message(status, body),
        status=status,
        method=method,
        url=url,
        body=body[:_BODY_EXCERPT].decode("utf-8", "replace"),
        headers=headers,
        retry_after=retry_after,
        hint=hint,
    )
