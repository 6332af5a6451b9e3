"""``circleci-async api METHOD PATH``: raw calls printing JSON, against the fake server."""

from __future__ import annotations

import asyncio
import json
import sys

import anyio
import pytest

from circleci_async import CircleCI
from circleci_async.cli import main
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio


def _main(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        return int(exc.code or 0)


async def cli(fake: FakeCircleCI, *args: str) -> int:
    """Run the command in a worker thread (the fake keeps serving on this loop)."""
    argv = ["api", *args, "--host", fake.url, "--token", fake.token]
    return await anyio.to_thread.run_sync(_main, argv)


async def test_as_a_subprocess_prints_the_json(fake: FakeCircleCI) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "circleci_async.cli",
        "api",
        "GET",
        "/me",
        "--host",
        fake.url,
        "--token",
        fake.token,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    assert json.loads(out)["login"] == "octocat"
    assert fake.token.encode() not in out + err


async def test_get_is_case_insensitive_and_accepts_a_bare_path(
    fake: FakeCircleCI, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await cli(fake, "get", "me") == 0
    assert json.loads(capsys.readouterr().out)["login"] == "octocat"


async def test_paginate_merges_every_page(
    fake: FakeCircleCI, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await cli(fake, "GET", "/project/gh/acme/api/pipeline", "--paginate") == 0
    items = json.loads(capsys.readouterr().out)
    assert [p["number"] for p in items] == list(range(30, 0, -1))
    assert len(fake.requests_to(r"/api/v2/project/.*/pipeline")) == 2


async def test_without_paginate_prints_one_page(
    fake: FakeCircleCI, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await cli(fake, "GET", "/project/gh/acme/api/pipeline?branch=main") == 0
    page = json.loads(capsys.readouterr().out)
    assert page["items"] and all(p["vcs"]["branch"] == "main" for p in page["items"])


async def test_data_is_sent_as_the_json_body(
    fake: FakeCircleCI, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.inject("POST", "/api/v2/project/gh/acme/api/pipeline", status=201, body={"number": 31})
    code = await cli(fake, "POST", "/project/gh/acme/api/pipeline", "--data", '{"branch": "x"}')
    assert code == 0
    assert json.loads(capsys.readouterr().out) == {"number": 31}
    (sent,) = fake.requests_to("/api/v2/project/gh/acme/api/pipeline")
    assert sent.method == "POST" and sent.json() == {"branch": "x"}


async def test_v1_calls_api_v1_1(fake: FakeCircleCI, capsys: pytest.CaptureFixture[str]) -> None:
    fake.inject("GET", "/api/v1.1/me", status=200, body={"login": "octocat", "admin": False})
    assert await cli(fake, "GET", "/me", "--v1") == 0
    assert json.loads(capsys.readouterr().out)["admin"] is False


async def test_http_error_exits_1_with_the_message(
    fake: FakeCircleCI, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await cli(fake, "GET", "/project/gh/acme/missing") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "404" in captured.err and "Project not found" in captured.err


async def test_bad_data_json_is_bad_usage(
    fake: FakeCircleCI, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await cli(fake, "POST", "/x", "--data", "{nope") == 2
    assert "--data is not valid JSON" in capsys.readouterr().err
    assert fake.requests == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("FETCH", "/me"), "unknown HTTP method"),
        (("POST", "/me", "--paginate"), "--paginate only applies to GET"),
        (("GET", "/me", "--paginate", "--v1"), "only v2"),
        (("GET", "https://circleci.com/api/v2/me"), "not a URL"),
        (("GET", "/../me"), "'..'"),
    ],
)
async def test_bad_usage_exits_2(
    fake: FakeCircleCI, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    assert await cli(fake, *args) == 2
    assert message in capsys.readouterr().err
    assert fake.requests == []


async def test_paginate_on_a_non_list_fails_clearly(
    fake: FakeCircleCI, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await cli(fake, "GET", "/me", "--paginate") == 1
    assert "items list" in capsys.readouterr().err


async def test_client_request_returns_parsed_json(fake: FakeCircleCI) -> None:
    async with CircleCI(host=fake.url, token=fake.token) as cci:
        me = await cci.request("GET", "/api/v2/me")
        page = await cci.request("get", "/project/gh/acme/api/pipeline", params={"branch": "main"})
        with pytest.raises(ValueError, match="method must be one of"):
            await cci.request("BREW", "/me")
    assert me["login"] == "octocat"
    assert page["items"][0]["vcs"]["branch"] == "main"
    assert fake.requests_to("/api/v2/project/.*")[0].query == "branch=main"
