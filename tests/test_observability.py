"""Events, logging with the token redacted, and rate-limit headers — against the fake server."""

from __future__ import annotations

import logging
import time

import pytest

from circleci_async import (
    CircleCI,
    Event,
    NotFound,
    RateLimit,
    RetryPolicy,
    ServerError,
    Unauthorized,
)
from circleci_async._http.observe import parse_rate_limit_headers
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio


def client(fake: FakeCircleCI, events: list[Event], **kwargs: object) -> CircleCI:
    kwargs.setdefault("retry", RetryPolicy.testing())
    return CircleCI(host=fake.url, token=fake.token, on_event=events.append, **kwargs)  # type: ignore[arg-type]


async def test_start_and_end_events_carry_route_template_status_and_attempt(
    fake: FakeCircleCI,
) -> None:
    events: list[Event] = []
    async with client(fake, events) as cci:
        await cci.projects.get("gh/acme/api")
    assert [e.kind for e in events] == ["request_start", "request_end"]
    start, end = events
    assert start.method == end.method == "GET"
    assert start.route == end.route == "/project/{project_slug}"
    assert end.url == f"{fake.url}/api/v2/project/gh%2Facme%2Fapi"
    assert (start.attempt, end.attempt, end.status, end.api) == (1, 1, 200, "v2")
    assert start.duration is None and end.duration is not None and end.duration >= 0


async def test_retries_produce_one_event_per_attempt_and_a_retry_event(fake: FakeCircleCI) -> None:
    fake.inject("GET", "/api/v2/me", status=503, body={"message": "down"}, times=2)
    events: list[Event] = []
    async with client(fake, events) as cci:
        await cci.users.me()
    assert [(e.kind, e.attempt, e.status) for e in events] == [
        ("request_start", 1, None),
        ("request_end", 1, 503),
        ("retry", 1, None),
        ("request_start", 2, None),
        ("request_end", 2, 503),
        ("retry", 2, None),
        ("request_start", 3, None),
        ("request_end", 3, 200),
    ]
    assert events[2].error == "503" and events[2].wait == 0.0


async def test_a_429_emits_a_rate_limit_pause(fake: FakeCircleCI) -> None:
    fake.inject("GET", "/api/v2/me", status=429, body="Rate limited.", headers={"Retry-After": "2"})
    events: list[Event] = []
    policy = RetryPolicy(jitter=False, scale=0.001)
    async with client(fake, events, retry=policy) as cci:
        await cci.users.me()
    pauses = [e for e in events if e.kind == "rate_limit_pause"]
    assert len(pauses) == 1
    assert pauses[0].wait == pytest.approx(0.002)
    assert pauses[0].route == "/me"


async def test_a_transport_failure_ends_with_an_error_event(fake: FakeCircleCI) -> None:
    url = fake.url
    await fake.close()
    events: list[Event] = []
    async with CircleCI(
        host=url, token="t", retry=RetryPolicy.disabled(), on_event=events.append
    ) as cci:
        with pytest.raises(Exception, match="cannot connect"):
            await cci.users.me()
    assert [(e.kind, e.error) for e in events] == [
        ("request_start", None),
        ("request_end", "ConnectError"),
    ]


async def test_a_failing_hook_is_logged_and_never_breaks_the_request(
    fake: FakeCircleCI, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(event: Event) -> None:
        raise RuntimeError("hook bug")

    async with CircleCI(host=fake.url, token=fake.token, on_event=broken) as cci:
        with caplog.at_level(logging.ERROR, logger="circleci_async"):
            me = await cci.users.me()
    assert me.login == "octocat"
    assert any("on_event hook raised" in r.getMessage() for r in caplog.records)


async def test_with_options_can_change_the_hook(fake: FakeCircleCI) -> None:
    first: list[Event] = []
    second: list[Event] = []
    async with client(fake, first) as cci:
        other = cci.with_options(on_event=second.append)
        await other.users.me()
        await cci.users.me()
    assert len(first) == 2 and len(second) == 2


async def test_logs_never_contain_the_token_at_debug(
    fake: FakeCircleCI, caplog: pytest.LogCaptureFixture
) -> None:
    fake.inject("GET", "/api/v2/me", status=503, body={"message": "down"})
    fake.inject("GET", "/api/v2/me", status=429, body="Rate limited.", headers={"Retry-After": "1"})
    caplog.set_level(logging.DEBUG, logger="circleci_async")
    policy = RetryPolicy(jitter=False, scale=0.001)
    async with CircleCI(host=fake.url, token=fake.token, retry=policy) as cci:
        await cci.users.me()
        with pytest.raises(NotFound):
            await cci.projects.get("gh/acme/missing")
        # A token pasted into a query string is redacted in the log line too.
        await cci.request("GET", f"/me?circle-token={fake.token}")
        async with cci.with_options(token="wrong-token-ABCDEFGHIJ") as bad:
            with pytest.raises(Unauthorized):
                await bad.users.me()
    text = "\n".join(
        f"{r.name} {r.getMessage()} {r.exc_text or ''} {r.args!r}" for r in caplog.records
    )
    assert "request_end GET" in text and "status=404" in text
    assert "retry GET" in text and "rate_limit_pause GET" in text
    assert "circle-token=REDACTED" in text
    assert fake.token not in text
    assert "wrong-token-ABCDEFGHIJ" not in text
    assert all(r.name.startswith("circleci_async") for r in caplog.records)


async def test_rate_limit_headers_are_parsed_and_exposed(fake: FakeCircleCI) -> None:
    fake.inject(
        "GET",
        "/api/v2/me",
        status=200,
        body={"id": "x", "login": "octocat", "name": "Octo"},
        headers={"RateLimit-Limit": "100", "RateLimit-Remaining": "42", "RateLimit-Reset": "30"},
    )
    async with CircleCI(host=fake.url, token=fake.token) as cci:
        before = cci.rate_limit_status
        assert (before.limit, before.remaining, before.reset_at) == (None, None, None)
        await cci.users.me()
        status = cci.rate_limit_status
    assert (status.limit, status.remaining) == (100, 42)
    assert status.reset_in is not None and 0 < status.reset_in <= 30
    assert status.observed_at is not None
    assert status.paused_until is None
    assert status.tokens == pytest.approx(19, abs=0.1)


async def test_the_fake_rate_limit_headers_reach_the_status(fake: FakeCircleCI) -> None:
    fake.faults.rate_limit = 1000.0
    fake.faults.rate_burst = 50
    async with CircleCI(host=fake.url, token=fake.token) as cci:
        await cci.users.me()
        await cci.users.me()
        status = cci.rate_limit_status
    assert status.limit == 50
    assert status.remaining is not None and status.remaining < 50


async def test_status_shows_the_bucket_pause(fake: FakeCircleCI) -> None:
    async with CircleCI(
        host=fake.url, token=fake.token, rate_limit=RateLimit(per_second=5, burst=3)
    ) as cci:
        cci.rate_limiter.pause_until(time.monotonic() + 30)
        status = cci.rate_limit_status
    assert status.paused_until is not None
    assert 0 < status.paused_until - time.time() <= 30
    assert (status.rate, status.waiting) == (5, 0)


async def test_errors_still_raise_after_events(fake: FakeCircleCI) -> None:
    fake.inject("GET", "/api/v2/me", status=500, body={"message": "boom"})
    events: list[Event] = []
    async with client(fake, events) as cci:
        with pytest.raises(ServerError):
            await cci.users.me()
    assert [(e.kind, e.status) for e in events] == [("request_start", None), ("request_end", 500)]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"RateLimit-Limit": "10"}, (10, None, None)),
        ({"RateLimit-Remaining": "3", "RateLimit-Reset": "7"}, (None, 3, 1007.0)),
        ({"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0"}, (60, 0, None)),
        ({"X-RateLimit-Reset": "1700000000"}, (None, None, 1700000000.0)),
        ({"RateLimit-Limit": "10", "X-RateLimit-Limit": "99"}, (10, None, None)),
        ({"RateLimit-Limit": "abc", "RateLimit-Reset": "soon"}, (None, None, None)),
        ({"RateLimit-Limit": "100, 100;w=60"}, (100, None, None)),
        ({"RateLimit-Remaining": "-5"}, (None, None, None)),
    ],
)
def test_parse_rate_limit_headers(
    headers: dict[str, str], expected: tuple[int | None, int | None, float | None] | None
) -> None:
    parsed = parse_rate_limit_headers(headers, now=1000.0)
    if expected is None:
        assert parsed is None
    else:
        assert parsed is not None
        assert (parsed.limit, parsed.remaining, parsed.reset_at) == expected
