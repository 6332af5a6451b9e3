"""The request path against the fake server: retries, 429 pauses, redirects, token scoping."""

from __future__ import annotations

import time

import anyio
import pytest

from circleci_async import (
    CircleCI,
    ConnectError,
    NotFound,
    RateLimit,
    RateLimited,
    ResponseDecodeError,
    RetryPolicy,
    RetryRecord,
    ServerError,
    TransportError,
)
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

ME = "/api/v2/me"


async def test_retries_429_and_503_then_succeeds(fake: FakeCircleCI) -> None:
    fake.inject("GET", ME, status=429, body="Rate limited.", headers={"Retry-After": "1"})
    fake.inject("GET", ME, status=503, body={"message": "unavailable"})
    records: list[RetryRecord] = []
    async with CircleCI(
        fake.token, host=fake.url, retry=RetryPolicy.testing(), on_retry=records.append
    ) as cci:
        me = await cci.users.me()
    assert me.login == "octocat"
    assert len(fake.requests_to(ME)) == 3
    assert [r.cause for r in records] == ["429", "503"]
    assert [r.attempt for r in records] == [1, 2]
    assert records[0].method == "GET" and records[0].url.endswith(ME)
    assert fake.token not in repr(records)


async def test_502_504_and_connection_resets_are_retried_for_get(fake: FakeCircleCI) -> None:
    fake.inject("GET", ME, status=502, body="bad gateway")
    fake.inject("GET", ME, status=504, body="timeout")
    async with CircleCI(fake.token, host=fake.url, retry=RetryPolicy.testing()) as cci:
        assert (await cci.users.me()).login == "octocat"
    assert len(fake.requests_to(ME)) == 3


async def test_500_is_not_retried(fake: FakeCircleCI, cci: CircleCI) -> None:
    fake.inject("GET", ME, status=500, body={"message": "Server got itself in trouble"})
    with pytest.raises(ServerError, match="Server got itself in trouble") as info:
        await cci.users.me()
    assert info.value.status == 500
    assert len(fake.requests_to(ME)) == 1


async def test_post_is_not_retried_on_503_but_is_on_429(fake: FakeCircleCI, cci: CircleCI) -> None:
    route = "/api/v2/post-probe"
    fake.inject("POST", route, status=503, body={"message": "unavailable"})
    with pytest.raises(ServerError):
        await cci._session.request("POST", "/post-probe", json={"a": 1})
    assert len(fake.requests_to(route)) == 1
    fake.inject("POST", route, status=429, body="Rate limited.", headers={"Retry-After": "0"})
    fake.inject("POST", route, status=201, body={"ok": True})
    resp = await cci._session.request("POST", "/post-probe", json={"a": 1})
    assert resp.status == 201
    sent = fake.requests_to(route)
    assert len(sent) == 3 and sent[-1].json() == {"a": 1}
    assert sent[-1].headers["Content-Type"] == "application/json"


async def test_gives_up_after_the_configured_attempts(fake: FakeCircleCI) -> None:
    fake.inject("GET", ME, status=503, body="down", times=10)
    async with CircleCI(fake.token, host=fake.url, retry=RetryPolicy.testing(attempts=3)) as cci:
        with pytest.raises(ServerError):
            await cci.users.me()
    assert len(fake.requests_to(ME)) == 3


async def test_retry_after_beyond_the_cap_raises_rate_limited_without_waiting(
    fake: FakeCircleCI,
) -> None:
    fake.inject("GET", ME, status=429, body="Rate limited.", headers={"Retry-After": "3600"})
    async with CircleCI(fake.token, host=fake.url, retry=RetryPolicy(max_retry_after=60)) as cci:
        start = time.monotonic()
        with pytest.raises(RateLimited) as info:
            await cci.users.me()
        assert time.monotonic() - start < 30  # it did not sleep for an hour
        assert cci.rate_limiter.paused_until is None  # nor did it freeze the client
    assert info.value.retry_after == 3600.0
    assert info.value.message == "Rate limited."  # plain-text body
    assert len(fake.requests_to(ME)) == 1


async def test_total_budget_exceeded_raises_rate_limited_with_retry_after(
    fake: FakeCircleCI,
) -> None:
    fake.inject("GET", ME, status=429, body={"message": "slow down"}, headers={"Retry-After": "50"})
    policy = RetryPolicy(budget=10.0, max_retry_after=60.0, scale=0.0)
    async with CircleCI(fake.token, host=fake.url, retry=policy) as cci:
        with pytest.raises(RateLimited) as info:
            await cci.users.me()
    assert info.value.retry_after == 50.0
    assert info.value.message == "slow down"


async def test_429_without_retry_after_exhausting_attempts_reports_the_backoff(
    fake: FakeCircleCI,
) -> None:
    fake.inject("GET", ME, status=429, body="Rate limited.", times=5)
    policy = RetryPolicy(attempts=2, jitter=False, scale=0.0)
    async with CircleCI(fake.token, host=fake.url, retry=policy) as cci:
        with pytest.raises(RateLimited) as info:
            await cci.users.me()
    assert info.value.retry_after is None or info.value.retry_after >= 0


async def test_a_429_pauses_every_task_of_the_client(fake: FakeCircleCI) -> None:
    fake.inject("GET", ME, status=429, body="Rate limited.", headers={"Retry-After": "1"})
    rate = RateLimit(per_second=50.0, burst=1, adaptive=False)
    async with (
        CircleCI(fake.token, host=fake.url, rate_limit=rate) as cci,
        anyio.create_task_group() as tg,
    ):
        for _ in range(5):
            tg.start_soon(cci.users.me)
    sent = fake.requests_to(ME)
    assert len(sent) == 6
    limited_at = sent[0].at
    # The first request got the 429; every later one, from any task, waited for Retry-After.
    assert all(r.at - limited_at >= 0.95 for r in sent[1:])


async def test_plain_text_error_bodies_become_messages(fake: FakeCircleCI, cci: CircleCI) -> None:
    fake.faults.plain_text_errors = True
    with pytest.raises(NotFound) as info:
        await cci.projects.get("gh/acme/nope")
    assert info.value.message == "Project not found"
    assert info.value.body == "Project not found"


async def test_server_side_rate_limit_is_absorbed(fake: FakeCircleCI) -> None:
    fake.faults.rate_limit = 20.0
    fake.faults.rate_burst = 2
    async with (
        CircleCI(fake.token, host=fake.url, retry=RetryPolicy(attempts=10, scale=0.05)) as cci,
        anyio.create_task_group() as tg,
    ):
        for _ in range(10):
            tg.start_soon(cci.users.me)
    assert fake.count_statuses(429) >= 1
    assert fake.count_statuses(200) == 10


async def test_decode_error_names_the_url_and_path(fake: FakeCircleCI, cci: CircleCI) -> None:
    fake.inject("GET", ME, status=200, body={"id": 5, "login": "x"})
    with pytest.raises(ResponseDecodeError) as info:
        await cci.users.me()
    assert info.value.path == "$.id"
    assert info.value.url.endswith(ME)


async def test_connect_error_to_a_closed_port_is_a_transport_error() -> None:
    with anyio.CancelScope(), pytest.raises(ConnectError, match="cannot connect"):
        async with CircleCI(
            "t", host="http://127.0.0.1:9", retry=RetryPolicy.testing(attempts=2)
        ) as cci:
            await cci.users.me()
    assert issubclass(ConnectError, TransportError)


async def test_token_never_reaches_the_storage_host_across_redirects(fake: FakeCircleCI) -> None:
    fake.faults.artifact_redirect_hops = 2
    for scheme in ("circle-token", "bearer", "basic"):
        async with CircleCI(fake.token, host=fake.url, auth=scheme) as cci:  # type: ignore[arg-type]
            artifacts = await cci.jobs.artifacts("gh/acme/api", 2)
            assert artifacts
            for artifact in artifacts:
                async with cci._session.stream(artifact.url) as resp:
                    assert resp.status == 200
                    assert resp.url.startswith(fake.storage_url)
                    body = await resp.read()
                expected = next(
                    a for j, a in fake.data.all_artifacts() if a.key in artifact.url
                ).content()
                assert body == expected
    artifact_hops = fake.requests_to(r"/(hop/\d+/)?output/.*", host="artifacts")
    assert artifact_hops and all(r.authenticated for r in artifact_hops)
    assert fake.requests_to("/blob/.*", host="storage")
    assert fake.storage_token_requests == 0


async def test_api_redirect_to_another_host_drops_the_token(
    fake: FakeCircleCI, cci: CircleCI
) -> None:
    key = next(iter(fake.data.artifacts_by_key))
    fake.inject("GET", ME, status=302, headers={"Location": f"{fake.storage_url}/blob/{key}"})
    resp = await cci._session.request("GET", "/me")
    assert resp.url.startswith(fake.storage_url)
    assert fake.storage_token_requests == 0


async def test_no_connection_is_left_open_after_the_client_exits(fake: FakeCircleCI) -> None:
    async with CircleCI(fake.token, host=fake.url) as cci:
        async with anyio.create_task_group() as tg:
            for _ in range(8):
                tg.start_soon(cci.users.me)
        artifact = (await cci.jobs.artifacts("gh/acme/api", 2))[0]
        async with cci._session.stream(artifact.url) as resp:
            await resp.read()
        assert fake.open_connections() > 0
    with anyio.fail_after(5):
        while fake.open_connections():  # noqa: ASYNC110 - polling the server's own counter
            await anyio.sleep(0.01)
    assert fake.open_connections() == 0


async def test_a_large_body_is_sent_whole_and_again_on_retry(fake: FakeCircleCI) -> None:
    # Over 1 MiB: sent from a buffer (aiohttp warns about raw bytes, and warnings are errors).
    path = "/api/v2/project/gh%2Facme%2Fapi/envvar"
    fake.inject("POST", path, status=429, body="Rate limited.", headers={"Retry-After": "0"})
    value = "x" * (3 << 20)
    async with CircleCI(fake.token, host=fake.url, retry=RetryPolicy.testing()) as cci:
        await cci.projects.create_env_var("gh/acme/api", name="BIG", value=value)
    sent = fake.requests_to(path)
    assert len(sent) == 2
    assert all(r.json() == {"name": "BIG", "value": value} for r in sent)
