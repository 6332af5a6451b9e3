"""cci.v1.builds against the fake server: paging, branches, details, retry, cancel, trigger."""

from __future__ import annotations

import pytest

from circleci_async import BadRequest, CircleCI, NotFound, Unauthorized
from circleci_async.models.v1.builds import Build, BuildDetails, Lifecycle
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

SLUG = "gh/acme/api"
PROJECT = r"/api/v1\.1/project/gh/acme/api"


def queries(fake: FakeCircleCI, path: str) -> list[dict[str, str]]:
    out = []
    for request in fake.requests_to(path):
        out.append(dict(pair.split("=", 1) for pair in request.query.split("&") if pair))
    return out


async def test_list_walks_offsets_in_pages_of_at_most_100(
    cci: CircleCI, fake: FakeCircleCI
) -> None:
    for _ in range(40):  # 90 seeded builds + 120 = 210 builds
        fake.data.add_pipeline(SLUG)
    builds = await cci.v1.builds.list(SLUG).collect()
    assert len(builds) == 210
    numbers = [b.build_num for b in builds]
    assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) == 210
    assert [(q["limit"], q["offset"]) for q in queries(fake, PROJECT)] == [
        ("100", "0"),
        ("100", "100"),
        ("100", "200"),
    ]


async def test_limit_above_100_is_split(cci: CircleCI, fake: FakeCircleCI) -> None:
    builds = await cci.v1.builds.recent(limit=250).collect()
    assert len(builds) == 250  # the fake answers 400 to any limit above 100
    assert [(q["limit"], q["offset"]) for q in queries(fake, r"/api/v1\.1/recent-builds")] == [
        ("100", "0"),
        ("100", "100"),
        ("50", "200"),
    ]
    everything = await cci.v1.builds.recent().collect()
    assert len(everything) == 270
    assert [b.build_num for b in everything[:250]] == [b.build_num for b in builds]


async def test_pager_stops_on_a_short_or_empty_page(cci: CircleCI, fake: FakeCircleCI) -> None:
    web = r"/api/v1\.1/project/gh/acme/web"
    assert len(await cci.v1.builds.list("gh/acme/web").collect()) == 90
    assert [q["offset"] for q in queries(fake, web)] == ["0"]  # short page: done
    workflow = next(w for w in fake.data.workflows.values() if w.project_slug == "gh/acme/web")
    for n in range(10):
        fake.data.add_job(workflow, f"extra-{n}")
    fake.requests.clear()
    assert len(await cci.v1.builds.list("gh/acme/web").collect()) == 100
    assert [q["offset"] for q in queries(fake, web)] == ["0", "100"]  # full, then empty


async def test_offset_filter_and_shallow_are_passed(cci: CircleCI, fake: FakeCircleCI) -> None:
    everything = await cci.v1.builds.list(SLUG).collect()
    later = await cci.v1.builds.list(SLUG, offset=10, limit=5).collect()
    assert [b.build_num for b in later] == [b.build_num for b in everything[10:15]]
    failed = await cci.v1.builds.list(SLUG, filter="failed", shallow=True).collect()
    assert failed and all(b.outcome == "failed" for b in failed)
    assert all(b.user is None and b.all_commit_details == [] for b in failed)
    (query,) = queries(fake, PROJECT)[-1:]
    assert query["filter"] == "failed" and query["shallow"] == "true"


async def test_list_branch_encodes_slashes_and_spaces(cci: CircleCI, fake: FakeCircleCI) -> None:
    fake.data.add_pipeline(SLUG, branch="feature/new login")
    builds = await cci.v1.builds.list_branch(SLUG, "feature/new login").collect()
    assert builds and {b.branch for b in builds} == {"feature/new login"}
    (request,) = fake.requests_to(PROJECT + r"/tree/.*")
    assert request.path == "/api/v1.1/project/gh/acme/api/tree/feature%2Fnew%20login"
    seeded = await cci.v1.builds.list_branch(SLUG, "feature/login").collect()
    assert len(seeded) == 30 and {b.branch for b in seeded} == {"feature/login"}


async def test_get_returns_steps_and_actions(cci: CircleCI, fake: FakeCircleCI) -> None:
    job = next(j for j in fake.data.jobs.values() if j.project_slug == SLUG and j.parallelism == 2)
    assert job.number is not None
    build = await cci.v1.builds.get(SLUG, job.number)
    assert isinstance(build, BuildDetails)
    assert build.build_num == job.number and build.job_name == "test"
    assert [len(s.actions) for s in build.steps] == [2, 2, 2]
    assert build.workflows is not None and build.workflows.job_id == job.id
    assert build.lifecycle == Lifecycle.FINISHED and build.start_time is not None
    with pytest.raises(NotFound):
        await cci.v1.builds.get(SLUG, 99_999)


async def test_retry_and_retry_with_ssh(cci: CircleCI, fake: FakeCircleCI) -> None:
    new = await cci.v1.builds.retry(SLUG, 5)
    assert isinstance(new, Build)
    assert new.retry_of == 5 and new.why == "retry" and new.build_num == 91
    assert new.previous is not None and new.previous.build_num == 5
    with_ssh = await cci.v1.builds.retry_with_ssh(SLUG, 5)
    assert with_ssh.ssh_enabled is True and with_ssh.build_num == 92
    (ssh_call,) = fake.requests_to(PROJECT + r"/5/ssh")
    assert ssh_call.method == "POST"
    assert len(fake.requests_to(PROJECT + r"/5/retry")) == 1
    assert (await cci.v1.builds.get(SLUG, 92)).retry_of == 5


async def test_cancel_and_add_ssh_user(cci: CircleCI, fake: FakeCircleCI) -> None:
    new = await cci.v1.builds.retry(SLUG, 1)
    assert new.build_num is not None
    with_user = await cci.v1.builds.add_ssh_user(SLUG, new.build_num)
    assert with_user.ssh_users == [{"login": "octocat", "github_id": None}]
    canceled = await cci.v1.builds.cancel(SLUG, new.build_num)
    assert canceled.status == "canceled" and canceled.canceled is True
    assert fake.requests_to(PROJECT + rf"/{new.build_num}/ssh-users")[0].method == "POST"


async def test_trigger_sends_the_body_fields(cci: CircleCI, fake: FakeCircleCI) -> None:
    build = await cci.v1.builds.trigger(
        SLUG, tag="v0.1", parallel=2, build_parameters={"RUN_EXTRA_TESTS": "true"}
    )
    assert build.vcs_tag == "v0.1" and build.parallel == 2
    assert build.build_parameters == {"RUN_EXTRA_TESTS": "true"}
    assert fake.requests_to(PROJECT)[-1].json() == {
        "tag": "v0.1",
        "parallel": 2,
        "build_parameters": {"RUN_EXTRA_TESTS": "true"},
    }
    await cci.v1.builds.trigger(SLUG)
    assert fake.requests_to(PROJECT)[-1].json() == {}
    with pytest.raises(ValueError, match="revision or tag"):
        await cci.v1.builds.trigger(SLUG, revision="abc", tag="v1")


async def test_trigger_branch_sends_the_body_fields(cci: CircleCI, fake: FakeCircleCI) -> None:
    build = await cci.v1.builds.trigger_branch(
        SLUG,
        "release/2.0 rc",
        revision="f1baeb913288519dd9a942499cef2873f5b1c2bf",
        parallel=3,
        build_parameters={"CIRCLE_JOB": "deploy", "DRY_RUN": "1"},
    )
    (request,) = fake.requests_to(PROJECT + r"/tree/.*")
    assert request.path.endswith("/tree/release%2F2.0%20rc")
    assert request.json() == {
        "revision": "f1baeb913288519dd9a942499cef2873f5b1c2bf",
        "parallel": 3,
        "build_parameters": {"CIRCLE_JOB": "deploy", "DRY_RUN": "1"},
    }
    assert build.branch == "release/2.0 rc" and build.job_name == "deploy"
    assert build.vcs_revision == "f1baeb913288519dd9a942499cef2873f5b1c2bf"
    listed = await cci.v1.builds.list_branch(SLUG, "release/2.0 rc").collect()
    assert [b.build_num for b in listed] == [build.build_num]


async def test_trigger_pipeline(cci: CircleCI, fake: FakeCircleCI) -> None:
    result = await cci.v1.builds.trigger_pipeline(SLUG, branch="main", revision="abc123")
    assert (result.status, result.body) == (200, "Build created")
    assert fake.requests_to(PROJECT + "/build")[-1].json() == {
        "branch": "main",
        "revision": "abc123",
    }
    await cci.v1.builds.trigger_pipeline(SLUG, tag="v2")
    assert fake.requests_to(PROJECT + "/build")[-1].json() == {"tag": "v2"}
    with pytest.raises(ValueError, match="tag alone"):
        await cci.v1.builds.trigger_pipeline(SLUG, tag="v2", branch="main")


async def test_bad_input_is_rejected_before_any_request(cci: CircleCI, fake: FakeCircleCI) -> None:
    with pytest.raises(ValueError, match="gh/acme"):
        cci.v1.builds.list("gh/acme")
    with pytest.raises(ValueError, match="filter"):
        cci.v1.builds.list(SLUG, filter="broken")
    with pytest.raises(ValueError, match="limit"):
        cci.v1.builds.recent(limit=0)
    with pytest.raises(ValueError, match="offset"):
        cci.v1.builds.recent(offset=-1)
    with pytest.raises(ValueError, match="branch"):
        cci.v1.builds.list_branch(SLUG, "")
    with pytest.raises(ValueError, match="build_num"):
        await cci.v1.builds.get(SLUG, 0)
    with pytest.raises(TypeError, match="build_num"):
        await cci.v1.builds.retry(SLUG, True)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="parallel"):
        await cci.v1.builds.trigger(SLUG, parallel="two")  # type: ignore[arg-type]
    assert fake.requests == []


async def test_server_errors_surface(cci: CircleCI, fake: FakeCircleCI) -> None:
    with pytest.raises(NotFound, match="Project not found"):
        await cci.v1.builds.list("gh/acme/missing").collect()
    fake.inject("POST", PROJECT, status=400, body={"message": "Cannot build a 2.1 config"})
    with pytest.raises(BadRequest, match=r"2\.1"):
        await cci.v1.builds.trigger(SLUG)


async def test_open_source_projects_read_without_token(fake: FakeCircleCI) -> None:
    async with CircleCI(host=fake.url) as anonymous:
        builds = await anonymous.v1.builds.list("gh/oss/lib", limit=3).collect()
        assert len(builds) == 3 and all(b.reponame == "lib" for b in builds)
        assert builds[0].build_num is not None
        details = await anonymous.v1.builds.get("gh/oss/lib", builds[0].build_num)
        assert details.oss is True
        with pytest.raises(NotFound):
            await anonymous.v1.builds.list(SLUG).collect()  # private: looks absent
        with pytest.raises(Unauthorized):
            await anonymous.v1.builds.retry("gh/oss/lib", 1)  # writes need a token
    assert not any(r.authenticated for r in fake.requests)


async def test_recent_builds_are_newest_first_across_projects(cci: CircleCI) -> None:
    builds = await cci.v1.builds.recent(limit=60).collect()
    times = [b.queued_at for b in builds if b.queued_at is not None]
    assert len(times) == 60 and times == sorted(times, reverse=True)
    assert {b.reponame for b in builds} == {"api", "web", "lib"}
