"""cci.pipelines against the fake server: listings, lookups, trigger, run, continue."""

from __future__ import annotations

import pytest

from circleci_async import BadRequest, CircleCI, NotFound, RetryPolicy
from circleci_async.models.v2.pipelines import (
    Pipeline,
    PipelineRunRef,
    PipelineRunResult,
    PipelineState,
)
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

SLUG = "gh/acme/api"
UNKNOWN = "5034460f-c7c4-4c43-9457-de07e2029e7b"


async def as_hubot(fake: FakeCircleCI) -> CircleCI:
    """A second client, authenticated as the fake's second user."""
    fake.tokens["hubot-token"] = fake.data.users[1]
    return CircleCI(host=fake.url, token="hubot-token", retry=RetryPolicy.testing())


async def test_get_and_get_by_number_agree(cci: CircleCI, fake: FakeCircleCI) -> None:
    newest = await cci.pipelines.list(SLUG).first()
    assert newest is not None
    by_id = await cci.pipelines.get(newest.id)
    by_number = await cci.pipelines.get_by_number(SLUG, newest.number)
    assert by_id == by_number == newest
    assert by_id.project_slug == SLUG and by_id.state == PipelineState.CREATED
    assert by_id.trigger.actor.login == "octocat"
    assert by_id.vcs is not None and by_id.vcs.revision == fake.data.pipelines[newest.id].revision
    assert by_id.trigger_parameters is not None and "deploy" in by_id.trigger_parameters
    assert (await cci.pipelines.get_by_number(SLUG, "1")).number == 1


async def test_unknown_pipeline_is_not_found(cci: CircleCI) -> None:
    with pytest.raises(NotFound, match="Pipeline not found"):
        await cci.pipelines.get(UNKNOWN)
    with pytest.raises(NotFound, match="Pipeline not found"):
        await cci.pipelines.get_by_number(SLUG, 9999)


async def test_bad_input_fails_before_any_request(cci: CircleCI, fake: FakeCircleCI) -> None:
    with pytest.raises(ValueError, match="pipeline_id must not be empty"):
        await cci.pipelines.get("")
    with pytest.raises(ValueError, match="pipeline_number must be a positive integer"):
        await cci.pipelines.get_by_number(SLUG, "latest")
    with pytest.raises(ValueError, match="not a project slug"):
        await cci.pipelines.get_by_number("acme/api", 1)
    with pytest.raises(TypeError, match="branch"):
        await cci.pipelines.trigger(SLUG, branch=5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="branch or tag, not both"):
        await cci.pipelines.trigger(SLUG, branch="main", tag="v1")
    with pytest.raises(ValueError, match="not an organization slug"):
        cci.pipelines.list_for_org(org_slug="acme")
    with pytest.raises(ValueError, match="provider must be one of"):
        await cci.pipelines.run("gitlab", "acme", "api")
    with pytest.raises(ValueError, match="organization/project"):
        await cci.pipelines.run("gh", "acme/evil", "api")
    assert fake.requests_to(r"/api/v2/.*pipeline.*") == []


async def test_list_for_org_pages_newest_first_and_filters(
    cci: CircleCI, fake: FakeCircleCI
) -> None:
    everything = await cci.pipelines.list_for_org().collect()
    assert len(everything) == len(fake.data.pipelines) == 90
    stamps = [p.created_at for p in everything]
    assert stamps == sorted(stamps, reverse=True)  # type: ignore[type-var]
    assert len({p.id for p in everything}) == 90
    assert len(fake.requests_to(r"/api/v2/pipeline")) == 5  # 20 per page

    acme = await cci.pipelines.list_for_org(org_slug="gh/acme").collect()
    assert {p.project_slug for p in acme} == {"gh/acme/api", "gh/acme/web"}
    assert await cci.pipelines.list_for_org(org_slug="github/oss").collect(limit=1)
    assert fake.requests_to(r"/api/v2/pipeline")[-1].query == "org-slug=github/oss"


async def test_mine_lists_only_the_callers_pipelines(cci: CircleCI, fake: FakeCircleCI) -> None:
    async with await as_hubot(fake) as hubot:
        created = await hubot.pipelines.trigger(SLUG, branch="hubot-branch")
        mine = await hubot.pipelines.mine(SLUG).collect()
        assert [p.id for p in mine] == [created.id]
        org_mine = await hubot.pipelines.list_for_org(org_slug="gh/acme", mine=True).collect()
        assert [p.id for p in org_mine] == [created.id]
    assert fake.requests_to(r"/api/v2/pipeline")[-1].query == "org-slug=gh/acme&mine=true"
    octocat_mine = await cci.pipelines.mine(SLUG).collect()
    assert len(octocat_mine) == 30 and created.id not in {p.id for p in octocat_mine}


async def test_trigger_creates_a_running_pipeline(cci: CircleCI, fake: FakeCircleCI) -> None:
    before = await cci.pipelines.list(SLUG).first()
    assert before is not None
    created = await cci.pipelines.trigger(
        SLUG, branch="feature/x", parameters={"deploy": True, "count": 3, "env": "staging"}
    )
    assert fake.requests_to(r"/api/v2/project/[^/]+/pipeline")[-1].json() == {
        "branch": "feature/x",
        "parameters": {"deploy": True, "count": 3, "env": "staging"},
    }
    assert created.number == before.number + 1 and created.state == "created"
    pipeline = await cci.pipelines.get(created.id)
    assert pipeline.trigger.type == "api"
    assert pipeline.trigger_parameters == {"deploy": True, "count": 3, "env": "staging"}
    assert pipeline.vcs is not None and pipeline.vcs.branch == "feature/x"
    (workflow,) = await cci.pipelines.workflows(created.id).collect()
    assert workflow.status == "running" and workflow.stopped_at is None
    assert (await cci.pipelines.list(SLUG).first()) == pipeline


async def test_trigger_a_tag_and_without_body_fields(cci: CircleCI, fake: FakeCircleCI) -> None:
    tagged = await cci.pipelines.get((await cci.pipelines.trigger(SLUG, tag="v1.2.0")).id)
    assert tagged.vcs is not None and tagged.vcs.tag == "v1.2.0" and tagged.vcs.branch is None
    plain = await cci.pipelines.get((await cci.pipelines.trigger(SLUG)).id)
    assert fake.requests_to(r"/api/v2/project/[^/]+/pipeline")[-1].json() == {}
    assert plain.vcs is not None and plain.vcs.branch == "main"


async def test_trigger_is_not_retried_on_a_server_error(cci: CircleCI, fake: FakeCircleCI) -> None:
    fake.inject("POST", r"/api/v2/project/[^/]+/pipeline", status=503, times=1)
    count = len(fake.data.pipelines)
    with pytest.raises(Exception, match="503"):
        await cci.pipelines.trigger(SLUG, branch="main")
    assert len(fake.requests_to(r"/api/v2/project/[^/]+/pipeline")) == 1
    assert len(fake.data.pipelines) == count


async def test_config_and_values(cci: CircleCI, fake: FakeCircleCI) -> None:
    pipeline = await cci.pipelines.list(SLUG).first()
    assert pipeline is not None
    config = await cci.pipelines.config(pipeline.id)
    assert config.source.startswith("version: 2.1\n") and "build-and-test:" in config.source
    assert config.compiled == config.source and config.setup_config is None
    values = await cci.pipelines.values(pipeline.id)
    assert values["pipeline.id"] == pipeline.id
    assert values["pipeline.number"] == pipeline.number
    assert values["pipeline.in_setup"] is False
    assert values["pipeline.git.revision"] == fake.data.pipelines[pipeline.id].revision
    with pytest.raises(NotFound):
        await cci.pipelines.config(UNKNOWN)


async def test_run_creates_a_pipeline_with_created_true(cci: CircleCI, fake: FakeCircleCI) -> None:
    project_id = fake.data.projects[SLUG].id
    (definition,) = await cci.pipeline_definitions.list(project_id)
    assert definition.id is not None
    result = await cci.pipelines.run(
        *SLUG.split("/"),
        definition_id=definition.id,
        config={"branch": "main"},
        checkout=PipelineRunRef(branch="release"),
        parameters={"deploy": True, "region": "eu"},
    )
    (request,) = fake.requests_to(r"/api/v2/project/gh/acme/api/pipeline/run")
    assert request.json() == {
        "definition_id": definition.id,
        "config": {"branch": "main"},
        "checkout": {"branch": "release"},
        "parameters": {"deploy": True, "region": "eu"},
    }
    assert isinstance(result, PipelineRunResult)
    assert result.created is True and result.message is None and result.id is not None
    pipeline = await cci.pipelines.get(result.id)
    assert pipeline.number == result.number
    assert pipeline.vcs is not None and pipeline.vcs.branch == "release"


async def test_run_that_creates_nothing_says_so(cci: CircleCI, fake: FakeCircleCI) -> None:
    count = len(fake.data.pipelines)
    result = await cci.pipelines.run("gh", "acme", "api", checkout={"branch": "skip-ci"})
    assert result.created is False and result.id is None
    assert result.message is not None and "not created" in result.message
    assert len(fake.data.pipelines) == count


async def test_run_errors(cci: CircleCI) -> None:
    with pytest.raises(NotFound, match="Pipeline definition not found"):
        await cci.pipelines.run("gh", "acme", "api", definition_id=UNKNOWN)
    with pytest.raises(NotFound, match="Project not found"):
        await cci.pipelines.run("gh", "acme", "nope")
    with pytest.raises(TypeError, match="checkout"):
        await cci.pipelines.run("gh", "acme", "api", checkout="main")  # type: ignore[arg-type]


async def test_continue_a_setup_pipeline(cci: CircleCI, fake: FakeCircleCI) -> None:
    setup = fake.data.start_pipeline(SLUG, actor="octocat", setup=True)
    assert setup.continuation_key is not None
    key = setup.continuation_key
    before = await cci.pipelines.get(setup.id)
    assert before.state == PipelineState.SETUP
    assert (await cci.pipelines.values(setup.id))["pipeline.in_setup"] is True
    answer = await cci.pipelines.continue_(
        continuation_key=key, configuration="version: 2.1\n", parameters={"deploy": False}
    )
    assert answer.message == "Pipeline continued"
    assert fake.requests_to(r"/api/v2/pipeline/continue")[-1].json() == {
        "continuation-key": key,
        "configuration": "version: 2.1\n",
        "parameters": {"deploy": False},
    }
    assert (await cci.pipelines.get(setup.id)).state == "created"
    assert (await cci.pipelines.config(setup.id)).source == "version: 2.1\n"
    (workflow,) = await cci.pipelines.workflows(setup.id).collect()
    assert workflow.name == "continued" and workflow.status == "running"
    with pytest.raises(BadRequest, match="already used continuation key"):
        await cci.pipelines.continue_(continuation_key=key, configuration="version: 2.1\n")


async def test_lenient_pipeline_decoding() -> None:
    import msgspec

    raw = (
        b'{"id":"x","number":1,"project_slug":"gh/a/b","state":"brand-new-state",'
        b'"created_at":"2026-01-01T00:00:00Z","errors":[{"type":"novel","message":"m"}],'
        b'"trigger":{"type":"new-trigger","actor":{"login":"l"}},'
        b'"trigger_parameters":{"s":"v","i":1,"b":true,"o":{"k":[1]}}}'
    )
    pipeline = msgspec.json.decode(raw, type=Pipeline)
    assert pipeline.state == "brand-new-state" and pipeline.errors[0].type == "novel"
    assert pipeline.trigger_parameters == {"s": "v", "i": 1, "b": True, "o": {"k": [1]}}
    assert pipeline.trigger.actor.avatar_url is None and pipeline.vcs is None
