"""The opt-in HTTP cache: freshness, revalidation, no-store, token isolation, LRU by bytes."""

from __future__ import annotations

import pytest
from multidict import CIMultiDict

from circleci_async import CircleCI, Event, HTTPCache, NotFound, RetryPolicy, ServerError
from circleci_async._http.cache import parse_cache_control
from circleci_async.testing import FakeCircleCI
from circleci_async.testing.data import FakeData

pytestmark = pytest.mark.anyio

ME = "/api/v2/me"
PROJECT = "/api/v2/project/gh%2Facme%2Fapi"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def client(fake: FakeCircleCI, cache: HTTPCache, events: list[Event] | None = None) -> CircleCI:
    return CircleCI(
        host=fake.url,
        token=fake.token,
        cache=cache,
        retry=RetryPolicy.testing(),
        on_event=events.append if events is not None else None,
    )


async def test_a_max_age_response_is_served_without_a_request(fake: FakeCircleCI) -> None:
    cache = HTTPCache()
    events: list[Event] = []
    async with client(fake, cache, events) as cci:
        first = await cci.users.me()
        second = await cci.users.me()
    assert first == second
    assert len(fake.requests_to(ME)) == 1
    assert [e.kind for e in events] == ["request_start", "request_end", "cache_hit"]
    assert (cache.hits, cache.stores, len(cache)) == (1, 1, 1)


async def test_an_expired_response_is_revalidated_with_304(fake: FakeCircleCI) -> None:
    clock = Clock()
    cache = HTTPCache(clock=clock)
    events: list[Event] = []
    async with client(fake, cache, events) as cci:
        first = await cci.users.me()
        clock.now += 61
        second = await cci.users.me()
        third = await cci.users.me()  # fresh again after the 304
    assert first == second == third
    sent = fake.requests_to(ME)
    assert len(sent) == 2
    assert "If-None-Match" not in sent[0].headers
    assert sent[1].headers["If-None-Match"].startswith('"')
    assert fake.count_statuses(304) == 1 and cache.revalidations == 1
    assert [e.kind for e in events][-2:] == ["cache_revalidated", "cache_hit"]


async def test_a_changed_resource_replaces_the_entry(fake: FakeCircleCI) -> None:
    clock = Clock()
    cache = HTTPCache(clock=clock)
    async with client(fake, cache) as cci:
        before = await cci.users.me()
        fake.data.users[0].name = "Renamed"
        clock.now += 61
        after = await cci.users.me()
    assert before.name != "Renamed" and after.name == "Renamed"
    assert fake.count_statuses(304) == 0


async def test_no_cache_revalidates_every_time(fake: FakeCircleCI) -> None:
    cache = HTTPCache()
    async with client(fake, cache) as cci:
        for _ in range(3):
            assert (await cci.projects.get("gh/acme/api")).slug == "gh/acme/api"
    sent = fake.requests_to(PROJECT)
    assert len(sent) == 3
    assert [("If-None-Match" in r.headers) for r in sent] == [False, True, True]
    assert fake.count_statuses(304) == 2


async def test_no_store_is_never_cached(fake: FakeCircleCI) -> None:
    fake.cache_rules = [(ME, "no-store, max-age=60")]
    cache = HTTPCache()
    async with client(fake, cache) as cci:
        await cci.users.me()
        await cci.users.me()
    assert len(fake.requests_to(ME)) == 2
    assert all("If-None-Match" not in r.headers for r in fake.requests_to(ME))
    assert len(cache) == 0


async def test_private_is_cached_for_the_same_token_only(fake: FakeCircleCI) -> None:
    data = FakeData()
    other = "second-token-0123456789"
    async with FakeCircleCI(data=data, tokens={other: data.users[1]}) as server:
        cache = HTTPCache()
        async with client(server, cache) as cci:
            mine = await cci.users.me()
            theirs = await cci.with_options(token=other).users.me()
            mine_again = await cci.users.me()
            theirs_again = await cci.with_options(token=other).users.me()
        assert mine == mine_again and theirs == theirs_again
        assert mine.login != theirs.login
        assert len(server.requests_to(ME)) == 2  # one per token; the repeats were hits
        assert all("If-None-Match" not in r.headers for r in server.requests_to(ME))
        keys = repr(list(cache._entries))
        assert server.token not in keys and other not in keys


async def test_without_a_token_entries_are_separate_too(fake: FakeCircleCI) -> None:
    cache = HTTPCache()
    async with client(fake, cache) as cci:
        await cci.users.me()
        anonymous = cci.with_options(token=None)
        with pytest.raises(Exception, match="log in"):
            await anonymous.users.me()
    assert len(fake.requests_to(ME)) == 2


async def test_errors_are_never_cached(fake: FakeCircleCI) -> None:
    fake.inject(
        "GET", ME, status=500, body={"message": "boom"}, headers={"Cache-Control": "max-age=60"}
    )
    cache = HTTPCache()
    async with CircleCI(
        host=fake.url, token=fake.token, cache=cache, retry=RetryPolicy.disabled()
    ) as cci:
        with pytest.raises(ServerError):
            await cci.users.me()
        assert (await cci.users.me()).login == "octocat"
        for _ in range(2):
            with pytest.raises(NotFound):
                await cci.projects.get("gh/acme/missing")
    assert len(fake.requests_to(ME)) == 2
    assert len(fake.requests_to("/api/v2/project/.*missing")) == 2


async def test_last_modified_revalidation(fake: FakeCircleCI) -> None:
    fake.send_etags = False
    stamp = "Sun, 06 Dec 2026 06:00:00 GMT"
    body = {"id": "u", "login": "octocat", "name": "Octo"}
    fake.inject(
        "GET",
        ME,
        status=200,
        body=body,
        headers={"Cache-Control": "no-cache", "Last-Modified": stamp},
    )
    fake.inject("GET", ME, status=304, headers={"Cache-Control": "max-age=60"})
    cache = HTTPCache()
    async with client(fake, cache) as cci:
        first = await cci.users.me()
        second = await cci.users.me()
        third = await cci.users.me()
    assert first == second == third and first.name == "Octo"
    sent = fake.requests_to(ME)
    assert len(sent) == 2  # the 304 made the entry fresh for 60 s
    assert sent[1].headers["If-Modified-Since"] == stamp


async def test_a_write_drops_the_entries_of_its_url(fake: FakeCircleCI) -> None:
    fake.inject("DELETE", ME, status=200, body={"message": "ok"})
    cache = HTTPCache()
    async with client(fake, cache) as cci:
        await cci.users.me()
        await cci.request("DELETE", "/me")
        await cci.users.me()
    assert len(fake.requests_to(ME)) == 3


async def test_a_304_without_a_cached_entry_is_an_error(fake: FakeCircleCI) -> None:
    fake.inject("GET", ME, status=304)
    async with client(fake, HTTPCache()) as cci:
        with pytest.raises(Exception, match="304"):
            await cci.users.me()


# ---- the cache object itself -----------------------------------------------------------


def headers(**values: str) -> CIMultiDict[str]:
    return CIMultiDict({k.replace("_", "-"): v for k, v in values.items()})


def test_lru_by_bytes_evicts_the_least_recently_used() -> None:
    clock = Clock()
    cache = HTTPCache(max_bytes=3000, clock=clock)
    fresh = headers(Cache_Control="max-age=60")
    for name in ("a", "b", "c"):
        assert cache.store("id", f"/{name}", 200, fresh, b"x" * 900) is not None
    assert len(cache) == 3 and cache.size <= 3000
    cache.lookup("id", "/a")  # a becomes the most recently used
    cache.store("id", "/d", 200, fresh, b"x" * 900)
    assert cache.lookup("id", "/b") == (None, False)
    assert cache.lookup("id", "/a")[1] and cache.lookup("id", "/d")[1]
    assert cache.evictions == 1 and cache.size <= 3000


def test_an_entry_larger_than_the_cache_is_not_stored() -> None:
    cache = HTTPCache(max_bytes=100)
    assert cache.store("id", "/big", 200, headers(Cache_Control="max-age=9"), b"x" * 200) is None
    assert len(cache) == 0 and cache.size == 0


def test_age_shortens_freshness_and_no_validator_means_no_store() -> None:
    clock = Clock()
    cache = HTTPCache(clock=clock)
    cache.store("id", "/aged", 200, headers(Cache_Control="max-age=60", Age="50"), b"{}")
    clock.now += 11
    assert cache.lookup("id", "/aged")[1] is False
    assert cache.store("id", "/plain", 200, headers(), b"{}") is None
    vary_all = headers(Cache_Control="max-age=9", Vary="*")
    assert cache.store("id", "/vary", 200, vary_all, b"{}") is None
    assert cache.store("id", "/created", 201, headers(Cache_Control="max-age=9"), b"{}") is None


def test_identity_is_a_salted_hash() -> None:
    a, b = HTTPCache(), HTTPCache()
    assert a.identity("tok") == a.identity("tok") != a.identity("other")
    assert a.identity("tok") != b.identity("tok")
    assert "tok" not in a.identity("tok") and a.identity(None) == ""


def test_bad_size_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        HTTPCache(max_bytes=0)


def test_parse_cache_control() -> None:
    assert parse_cache_control('private, Max-Age="60", no-cache') == {
        "private": None,
        "max-age": "60",
        "no-cache": None,
    }
    assert parse_cache_control(None) == {}
