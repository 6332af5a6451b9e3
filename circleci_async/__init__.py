"""circleci-async: an asyncio client for the CircleCI API (v2 and v1.1).

``async with CircleCI() as cci: me = await cci.users.me()``
"""

from circleci_async._http.cache import HTTPCache
from circleci_async._http.observe import Event, RateLimitStatus
from circleci_async._http.retry import RetryRecord
from circleci_async._version import __version__
from circleci_async.artifacts import ArtifactDownloader, DownloadReport
from circleci_async.client import CircleCI
from circleci_async.config import ClientConfig, RateLimit, RetryPolicy, Timeouts
from circleci_async.errors import (
    APIStatusError,
    BadRequest,
    CircleCIError,
    ClientClosedError,
    Conflict,
    ConnectError,
    Forbidden,
    NotFound,
    PaginationError,
    RateLimited,
    RequestTimeout,
    ResponseDecodeError,
    ServerError,
    TransportError,
    Unauthorized,
    Unprocessable,
)
from circleci_async.operations import OPERATIONS
from circleci_async.pagination import AsyncPager

__all__ = [
    "OPERATIONS",
    "APIStatusError",
    "ArtifactDownloader",
    "AsyncPager",
    "BadRequest",
    "CircleCI",
    "CircleCIError",
    "ClientClosedError",
    "ClientConfig",
    "Conflict",
    "ConnectError",
    "DownloadReport",
    "Event",
    "Forbidden",
    "HTTPCache",
    "NotFound",
    "PaginationError",
    "RateLimit",
    "RateLimitStatus",
    "RateLimited",
    "RequestTimeout",
    "ResponseDecodeError",
    "RetryPolicy",
    "RetryRecord",
    "ServerError",
    "Timeouts",
    "TransportError",
    "Unauthorized",
    "Unprocessable",
    "__version__",
]
