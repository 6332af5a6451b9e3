"""cci.v1.users and cci.v1.tests against the fake server, and the v1.1 protocol quirks."""

from __future__ import annotations

import aiohttp
import pytest

from circleci_async import CircleCI, ResponseDecodeError, Unauthorized
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

SLUG = "gh/acme/api"


async def test_me(cci: CircleCI, fake: FakeCircleCI) -> None:
    user = await cci.v1.users.me()
    assert user.login == "octocat" and user.basic_email_prefs == "smart"
    assert user.trial_end is not None and user.trial_end.year == 2011
    (request,) = fake.requests_to(r"/api/v1\.1/me")
    assert request.headers["Accept"] == "application/json"


async def test_me_without_token(fake: FakeCircleCI) -> None:
    async with CircleCI(host=fake.url) as anonymous:
        with pytest.raises(Unauthorized, match="log in"):
            await anonymous.v1.users.me()


async def test_heroku_key_lives_outside_the_api_prefix(cci: CircleCI, fake: FakeCircleCI) -> None:
    from circleci_async.testing.routes.v1 import v1_state

    assert await cci.v1.users.add_heroku_key(apikey="heroku-key-123") is None
    (request,) = fake.requests_to(r"/user/heroku-key")
    assert request.method == "POST" and request.authenticated
    assert request.json() == {"apikey": "heroku-key-123"}
    assert fake.requests_to(r"/api/.*heroku-key") == []
    assert v1_state(fake).heroku_keys == {"octocat": "heroku-key-123"}
    with pytest.raises(ValueError, match="apikey"):
        await cci.v1.users.add_heroku_key(apikey=" ")


async def test_tests_of_a_build(cci: CircleCI, fake: FakeCircleCI) -> None:
    job = next(j for j in fake.data.jobs.values() if j.project_slug == SLUG and j.tests)
    assert job.number is not None
    results = await cci.v1.tests.list(SLUG, job.number)
    assert [(t.name, t.result, t.message) for t in results] == [
        (t.name, t.result, t.message) for t in job.tests
    ]
    assert all(t.source == "pytest" and t.run_time is not None for t in results)
    lint = next(j for j in fake.data.jobs.values() if j.project_slug == SLUG and not j.tests)
    assert lint.number is not None
    assert await cci.v1.tests.list(SLUG, lint.number) == []


async def test_fake_answers_edn_without_accept_header(fake: FakeCircleCI) -> None:
    url = f"{fake.url}/api/v1.1/project/gh/acme/api/1/artifacts"
    async with aiohttp.ClientSession() as http:
        headers = {"Circle-Token": fake.token}
        async with http.get(url, headers=headers, skip_auto_headers=["Accept"]) as resp:
            assert resp.content_type == "application/edn"
            text = await resp.text()
        assert text.startswith("[{:path ") and ":node_index 0" in text
        async with http.get(url, headers={**headers, "Accept": "text/plain"}) as resp:
            assert resp.content_type == "application/json"
            assert "\n" in await resp.text()  # "nicely formatted" JSON for other types


async def test_non_json_body_raises_a_clear_decode_error(cci: CircleCI, fake: FakeCircleCI) -> None:
    edn = b'{:login "octocat", :admin false}'
    fake.inject("GET", r"/api/v1\.1/me", status=200, body=edn, headers={"Content-Type": "x"})
    with pytest.raises(ResponseDecodeError, match="EDN"):
        await cci.v1.users.me()
    fake.inject("GET", r"/api/v1\.1/me", status=200, body="<html>maintenance</html>")
    with pytest.raises(ResponseDecodeError, match="not valid JSON"):
        await cci.v1.users.me()
    fake.inject("GET", r"/api/v1\.1/projects", status=200, body=b"")
    with pytest.raises(ResponseDecodeError, match="empty"):
        await cci.v1.projects.list()
