"""Client construction, credentials, hosts, repr, with_options, lifecycle."""

from __future__ import annotations

import aiohttp
import pytest

from circleci_async import (
    CircleCI,
    ClientClosedError,
    ClientConfig,
    NotFound,
    RateLimit,
    RetryPolicy,
    Timeouts,
    Unauthorized,
)
from circleci_async.testing import FakeCircleCI

SECRET = "s3cr3t-token-value-0001"

pytestmark = pytest.mark.anyio


def test_token_from_argument_then_circle_token_then_circleci_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert not CircleCI().authenticated
    monkeypatch.setenv("CIRCLECI_TOKEN", "from-circleci-token")
    assert CircleCI()._token == "from-circleci-token"
    monkeypatch.setenv("CIRCLE_TOKEN", "from-circle-token")
    assert CircleCI()._token == "from-circle-token"
    assert CircleCI("explicit")._token == "explicit"
    monkeypatch.setenv("CIRCLE_TOKEN", "   ")
    assert CircleCI()._token == "from-circleci-token"


def test_token_is_stripped_and_control_characters_are_rejected() -> None:
    assert CircleCI("  abc\n")._token == "abc"
    assert not CircleCI("").authenticated
    with pytest.raises(ValueError, match="control characters"):
        CircleCI("abc\r\nX-Evil: 1")
    with pytest.raises(ValueError, match="whitespace"):
        CircleCI("ab c")


def test_host_from_argument_then_environment_then_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert CircleCI().host == "https://circleci.com"
    monkeypatch.setenv("CIRCLECI_HOST", "https://circleci.example.com/")
    assert CircleCI().host == "https://circleci.example.com"
    assert CircleCI(host="http://127.0.0.1:8080").host == "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    ("host", "problem"),
    [
        ("circleci.com", "must be a URL"),
        ("ftp://circleci.com", "http"),
        ("http://circleci.example.com", "https"),
        ("https://circleci.com/api/v2", "path"),
        ("https://user:pw@circleci.com", "credentials"),
    ],
)
def test_bad_hosts_are_rejected_with_the_reason(host: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        CircleCI(host=host)


def test_repr_of_client_config_and_session_never_shows_the_token() -> None:
    cci = CircleCI(SECRET, config=ClientConfig(rate_limit=RateLimit(per_second=3.0)))
    for text in (repr(cci), str(cci), repr(cci.config), repr(cci._session), repr(cci.users)):
        assert SECRET not in text
    assert "circle-token" in repr(cci)
    assert "auth='none'" in repr(CircleCI())


def test_options_go_into_the_config() -> None:
    cci = CircleCI(
        rate_limit=RateLimit(per_second=2.0, burst=4),
        retry=RetryPolicy(attempts=2),
        timeouts=Timeouts(connect=1.0),
        auth="bearer",
        trusted_hosts=("circleci.example.com",),
    )
    assert cci.config.rate_limit.per_second == 2.0
    assert cci.config.retry.attempts == 2
    assert cci.config.timeouts.connect == 1.0
    assert cci.config.auth == "bearer"
    assert cci.rate_limiter.rate == 2.0 and cci.rate_limiter.burst == 4


def test_config_validation_names_the_field() -> None:
    with pytest.raises(ValueError, match="auth"):
        ClientConfig(auth="cookie")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="per_second"):
        RateLimit(per_second=0)
    with pytest.raises(ValueError, match=r"Timeouts\.read"):
        Timeouts(read=0)
    with pytest.raises(ValueError, match="trusted_hosts"):
        ClientConfig(trusted_hosts="example.com")  # type: ignore[arg-type]


@pytest.mark.parametrize("scheme", ["circle-token", "bearer", "basic"])
async def test_each_auth_scheme_is_accepted(fake: FakeCircleCI, scheme: str) -> None:
    async with CircleCI(fake.token, host=fake.url, auth=scheme) as cci:  # type: ignore[arg-type]
        me = await cci.users.me()
    assert me.login == "octocat"
    assert fake.requests[-1].auth_kind == scheme


async def test_no_token_sends_no_credentials(fake: FakeCircleCI) -> None:
    async with CircleCI(host=fake.url) as cci:
        project = await cci.projects.get("gh/oss/lib")  # public project: readable anonymously
        assert project.slug == "gh/oss/lib"
        with pytest.raises(Unauthorized, match=r"You must log in first\. \(no token was sent"):
            await cci.users.me()
        with pytest.raises(Unauthorized) as info:
            await cci.users.me()
        assert info.value.message == "You must log in first."  # the server's, unchanged
        with pytest.raises(NotFound, match="Project not found"):
            await cci.projects.get("gh/acme/api")  # private project without token
    assert all(not r.authenticated for r in fake.requests)


async def test_invalid_token_gets_a_clear_401(fake: FakeCircleCI) -> None:
    async with CircleCI("wrong-token", host=fake.url) as cci:
        with pytest.raises(Unauthorized) as info:
            await cci.users.me()
    assert info.value.status == 401
    assert info.value.message == "Invalid token provided."
    assert "wrong-token" not in str(info.value) and "wrong-token" not in repr(info.value)


async def test_standard_headers(fake: FakeCircleCI, cci: CircleCI) -> None:
    await cci.users.me()
    headers = fake.requests[-1].headers
    assert headers["Accept"] == "application/json"
    assert headers["User-Agent"].startswith("circleci-async/")


async def test_with_options_shares_connections_and_bucket(fake: FakeCircleCI) -> None:
    async with CircleCI(fake.token, host=fake.url) as cci:
        other = cci.with_options(retry=RetryPolicy.disabled(), token="wrong-token")
        assert other._session._shared is cci._session._shared
        assert other.rate_limiter is cci.rate_limiter
        assert other.config.retry.attempts == 1
        with pytest.raises(Unauthorized):
            await other.users.me()
        faster = cci.with_options(rate_limit=RateLimit(per_second=50.0))
        assert faster.rate_limiter is not cci.rate_limiter
        await faster.users.me()
        await other.aclose()  # closing a copy leaves the original working
        assert other.closed and not cci.closed
        assert (await cci.users.me()).login == "octocat"
    assert other.closed and faster.closed
    with pytest.raises(ClientClosedError):
        await faster.users.me()


async def test_using_a_closed_client_raises_a_clear_error(fake: FakeCircleCI) -> None:
    cci = CircleCI(fake.token, host=fake.url)
    async with cci:
        await cci.users.me()
    with pytest.raises(ClientClosedError, match="closed"):
        await cci.users.me()
    with pytest.raises(ClientClosedError):
        async with cci:
            pass


async def test_client_opens_lazily_without_async_with(fake: FakeCircleCI) -> None:
    cci = CircleCI(fake.token, host=fake.url)
    try:
        assert (await cci.users.me()).login == "octocat"
    finally:
        await cci.aclose()
    assert cci.closed


async def test_a_caller_owned_aiohttp_session_is_used_and_not_closed(fake: FakeCircleCI) -> None:
    async with aiohttp.ClientSession() as http:
        async with CircleCI(fake.token, host=fake.url, session=http) as cci:
            await cci.users.me()
        assert not http.closed
        assert cci.closed


async def test_resources_and_v1_namespace_exist() -> None:
    cci = CircleCI()
    for name in (
        "pipelines",
        "workflows",
        "jobs",
        "projects",
        "users",
        "insights",
        "contexts",
        "schedules",
        "webhooks",
        "oidc",
        "policies",
        "usage",
        "organizations",
        "groups",
        "pipeline_definitions",
        "triggers",
        "rollbacks",
        "deploys",
    ):
        assert getattr(cci, name) is not None
    for name in ("users", "projects", "builds", "artifacts", "tests"):
        assert getattr(cci.v1, name) is not None
