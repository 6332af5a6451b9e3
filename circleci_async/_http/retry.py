"""Retry decisions as pure functions: Retry-After parsing, backoff, and whether to retry."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Literal

from circleci_async.config import RetryPolicy

__all__ = [
    "Cause",
    "Decision",
    "RetryRecord",
    "backoff",
    "decide",
    "is_idempotent",
    "parse_retry_after",
]

RETRY_STATUSES = frozenset({429, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: What went wrong with one attempt: an HTTP status, ``"connect"`` (the request was provably
#: never sent) or ``"transport"`` (the connection broke or timed out after sending).
Cause = int | Literal["connect", "transport"]


@dataclass(frozen=True, slots=True)
class RetryRecord:
    """What the ``on_retry`` hook receives before each retry."""

    attempt: int
    wait: float
    cause: str
    method: str
    url: str


@dataclass(frozen=True, slots=True)
class Decision:
    """Outcome of :func:`decide`: retry after ``wait`` seconds, or give up and say why."""

    retry: bool
    wait: float = 0.0
    reason: str = ""


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Parse a ``Retry-After`` header (delta seconds or HTTP-date) into seconds from ``now``.

    Returns ``None`` for a missing or unparsable value; never a negative number.
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def backoff(attempt: int, policy: RetryPolicy, random: Callable[[], float]) -> float:
    """Exponential backoff with full jitter before retry number ``attempt`` (1-based)."""
    ceiling = min(policy.max_wait, policy.initial_wait * 2.0 ** max(0, attempt - 1))
    return ceiling * random() if policy.jitter else ceiling


def is_idempotent(method: str) -> bool:
    """Whether repeating ``method`` is safe when the first attempt may have reached the server."""
    return method.upper() in IDEMPOTENT_METHODS


def is_retryable(method: str, cause: Cause) -> bool:
    """Whether an attempt that failed with ``cause`` may be repeated for ``method``.

    A 429 and a connect failure mean the request did not take effect, so any method may be
    retried; 502/503/504 and broken connections only for idempotent methods (CircleCI has no
    idempotency keys, so a repeated POST could trigger a pipeline twice).
    """
    if cause == "connect" or cause == 429:
        return True
    if cause == "transport" or cause in RETRY_STATUSES:
        return is_idempotent(method)
    return False


def decide(
    policy: RetryPolicy,
    *,
    method: str,
    cause: Cause,
    attempt: int,
    elapsed: float,
    retry_after: float | None,
    random: Callable[[], float],
) -> Decision:
    """Decide whether attempt number ``attempt`` (1-based) that failed with ``cause`` is retried."""
    if not is_retryable(method, cause):
        return Decision(False, reason="not retryable")
    if retry_after is not None and retry_after > policy.max_retry_after:
        return Decision(False, retry_after, reason="Retry-After exceeds the policy's cap")
    if attempt >= policy.attempts:
        return Decision(False, reason=f"gave up after {attempt} attempts")
    wait = retry_after if retry_after is not None else backoff(attempt, policy, random)
    if elapsed + wait > policy.budget:
        return Decision(False, wait, reason="retry budget exhausted")
    return Decision(True, wait)
