"""Pure retry decisions: Retry-After parsing, backoff, retryability, decide()."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from circleci_async import RetryPolicy
from circleci_async._http.retry import backoff, decide, is_retryable, parse_retry_after

NOW = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("0", 0.0),
        ("3", 3.0),
        (" 7 ", 7.0),
        ("1.5", 1.5),
        ("-4", 0.0),
        ("inf", None),
        ("nan", None),
        ("soon", None),
        ("Thu, 01 Jan 2026 12:00:30 GMT", 30.0),
        ("Thu, 01 Jan 2026 11:59:00 GMT", 0.0),
        ("Thursday, 01-Jan-26 12:01:00 GMT", 60.0),
        ("Thu Jan  1 12:00:10 2026", 10.0),
    ],
)
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    assert parse_retry_after(header, NOW) == expected


@pytest.mark.parametrize(
    ("attempt", "expected"),
    [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (7, 30.0), (40, 30.0)],
)
def test_backoff_without_jitter_doubles_up_to_the_cap(attempt: int, expected: float) -> None:
    policy = RetryPolicy(jitter=False)
    assert backoff(attempt, policy, lambda: 0.99) == expected


@pytest.mark.parametrize("draw", [0.0, 0.25, 0.999])
def test_full_jitter_scales_the_whole_ceiling(draw: float) -> None:
    policy = RetryPolicy(initial_wait=1.0, max_wait=8.0)
    assert backoff(3, policy, lambda: draw) == pytest.approx(4.0 * draw)


@pytest.mark.parametrize(
    ("method", "cause", "expected"),
    [
        ("GET", 429, True),
        ("GET", 502, True),
        ("GET", 503, True),
        ("GET", 504, True),
        ("GET", 500, False),
        ("GET", 404, False),
        ("GET", "connect", True),
        ("GET", "transport", True),
        ("HEAD", 503, True),
        ("POST", 429, True),
        ("POST", "connect", True),
        ("POST", 503, False),
        ("POST", 502, False),
        ("POST", "transport", False),
        ("PUT", 504, False),
        ("PATCH", 503, False),
        ("DELETE", 503, False),
        ("DELETE", 429, True),
    ],
)
def test_is_retryable(method: str, cause: int | str, expected: bool) -> None:
    assert is_retryable(method, cause) is expected  # type: ignore[arg-type]


def _decide(**kw: object):  # type: ignore[no-untyped-def]
    args: dict[str, object] = {
        "method": "GET",
        "cause": 503,
        "attempt": 1,
        "elapsed": 0.0,
        "retry_after": None,
        "random": lambda: 1.0,
    }
    args.update(kw)
    policy = args.pop("policy", RetryPolicy(jitter=False))
    return decide(policy, **args)  # type: ignore[arg-type]


def test_decide_retries_with_backoff() -> None:
    d = _decide(attempt=2)
    assert d.retry and d.wait == 1.0


def test_decide_honours_retry_after_instead_of_backoff() -> None:
    d = _decide(cause=429, retry_after=12.0)
    assert d.retry and d.wait == 12.0


def test_decide_gives_up_when_retry_after_exceeds_cap() -> None:
    d = _decide(cause=429, retry_after=3600.0)
    assert not d.retry and d.wait == 3600.0 and "cap" in d.reason


def test_decide_gives_up_after_the_last_attempt() -> None:
    d = _decide(attempt=5)
    assert not d.retry and "5 attempts" in d.reason


def test_decide_gives_up_when_the_budget_would_be_exceeded() -> None:
    d = _decide(cause=429, retry_after=30.0, elapsed=100.0, policy=RetryPolicy(budget=120.0))
    assert not d.retry and d.wait == 30.0 and "budget" in d.reason


def test_decide_never_retries_a_post_that_may_have_reached_the_server() -> None:
    assert not _decide(method="POST", cause=503).retry
    assert _decide(method="POST", cause=429, retry_after=1.0).retry


def test_policy_validation_names_the_field() -> None:
    with pytest.raises(ValueError, match="attempts"):
        RetryPolicy(attempts=0)
    with pytest.raises(ValueError, match="max_wait"):
        RetryPolicy(max_wait=-1)


def test_testing_policy_decides_like_the_default_but_never_waits() -> None:
    policy = RetryPolicy.testing()
    assert policy.scale == 0.0 and policy.attempts == RetryPolicy().attempts
