"""cci.policies against the fake server: bundles (created vs diff), decisions, logs, settings."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

import pytest

from circleci_async import APIStatusError, BadRequest, CircleCI, Forbidden, NotFound, Unauthorized
from circleci_async.models.v2.policies import (
    BundleDiff,
    BundleUpload,
    DecisionSettings,
    DecisionStatus,
    Policy,
    Violation,
)
from circleci_async.testing import FakeCircleCI
from circleci_async.testing.routes.v2_policies import MAX_BUNDLE_BYTES

pytestmark = pytest.mark.anyio

BUNDLE = r"/api/v2/owner/[^/]+/context/config/policy-bundle"
DECISIONS = r"/api/v2/owner/[^/]+/context/config/decision"
UNKNOWN = "00000000-0000-4000-8000-000000000000"
DOCKER = "package org\n# fake:hard_fail no_docker_latest :latest\n"
SIZE = "package org\n# fake:soft_fail use_large resource_class: small\n"
CONFIG_BAD = "jobs:\n  build:\n    docker:\n      - image: node:latest\n"
CONFIG_SMALL = "jobs:\n  build:\n    resource_class: small\n"


async def test_create_bundle_created_then_dry_run_diff(cci: CircleCI, fake: FakeCircleCI) -> None:
    org = fake.data.org_id
    stored = await cci.policies.create_bundle(org, "config", policies={"docker": DOCKER})
    assert stored == BundleUpload(created=True, diff=BundleDiff(created=["docker"]))
    sent = fake.requests_to(BUNDLE)[-1]
    assert sent.query == "" and sent.json() == {"policies": {"docker": DOCKER}}

    changed = DOCKER + "# v2\n"
    dry = await cci.policies.create_bundle(
        org, "config", policies={"docker": changed, "size": SIZE}, dry=True
    )
    assert parse_qs(fake.requests_to(BUNDLE)[-1].query) == {"dry": ["true"]}
    assert dry == BundleUpload(
        created=False, diff=BundleDiff(created=["size"], modified=["docker"])
    )
    # a dry run stores nothing
    bundle = await cci.policies.bundle(org, "config")
    assert list(bundle) == ["docker"]
    assert bundle["docker"][0].content == DOCKER

    replaced = await cci.policies.create_bundle(org, "config", policies={"size": SIZE})
    assert replaced.created and replaced.diff == BundleDiff(created=["size"], deleted=["docker"])


async def test_bundle_and_policy_documents(cci: CircleCI, fake: FakeCircleCI) -> None:
    org = fake.data.org_id
    assert await cci.policies.bundle(org, "config") == {}
    await cci.policies.create_bundle(org, "config", policies={"docker": DOCKER, "size": SIZE})
    bundle = await cci.policies.bundle(org, "config")
    assert sorted(bundle) == ["docker", "size"]
    doc = await cci.policies.policy(org, "config", "size")
    assert isinstance(doc, Policy) and doc.name == "size" and doc.content == SIZE
    assert doc.created_by == fake.data.users[0].id and isinstance(doc.created_at, datetime)
    assert bundle["size"] == [doc]
    with pytest.raises(NotFound) as info:
        await cci.policies.policy(org, "config", "missing")
    assert info.value.message == "policy not found"


async def test_a_lone_policy_object_in_a_bundle_is_accepted(
    cci: CircleCI, fake: FakeCircleCI
) -> None:
    fake.inject("GET", BUNDLE, status=200, body={"p": {"name": "p", "content": "package org"}})
    assert await cci.policies.bundle(fake.data.org_id, "config") == {
        "p": [Policy(name="p", content="package org")]
    }


async def test_decide_logs_and_filters(cci: CircleCI, fake: FakeCircleCI) -> None:
    org = fake.data.org_id
    await cci.policies.create_bundle(org, "config", policies={"docker": DOCKER, "size": SIZE})
    hard = await cci.policies.decide(
        org,
        "config",
        input=CONFIG_BAD,
        metadata={"project_id": UNKNOWN, "branch": "main", "build_number": 7},
    )
    assert fake.requests_to(DECISIONS)[-1].json() == {
        "input": CONFIG_BAD,
        "metadata": {"project_id": UNKNOWN, "branch": "main", "build_number": 7},
    }
    assert hard.status == DecisionStatus.HARD_FAIL
    assert hard.enabled_rules == ["no_docker_latest", "use_large"]
    assert hard.hard_failures == [
        Violation(rule="no_docker_latest", reason="input contains ':latest'")
    ]
    soft = await cci.policies.decide(org, "config", input=CONFIG_SMALL, metadata={"branch": "dev"})
    assert soft.status == "SOFT_FAIL" and [v.rule for v in soft.soft_failures] == ["use_large"]
    ok = await cci.policies.decide(org, "config", input="jobs: {}")
    assert ok.status == "PASS" and ok.hard_failures == [] and ok.soft_failures == []

    logs = await cci.policies.decision_logs(org, "config")
    assert [log.decision.status for log in logs if log.decision] == [
        "PASS",
        "SOFT_FAIL",
        "HARD_FAIL",
    ]
    newest_hard = logs[2]
    assert newest_hard.metadata is not None and newest_hard.metadata.vcs is not None
    assert newest_hard.metadata.build_number == 7 and newest_hard.metadata.vcs.branch == "main"
    assert set(newest_hard.policies) == {"docker", "size"}
    assert all(len(h) == 128 for h in newest_hard.policies.values())

    assert [
        log.id for log in await cci.policies.decision_logs(org, "config", status="HARD_FAIL")
    ] == [newest_hard.id]
    assert len(await cci.policies.decision_logs(org, "config", branch="dev")) == 1
    by_project = await cci.policies.decision_logs(org, "config", project_id=UNKNOWN, build_number=7)
    assert [log.id for log in by_project] == [newest_hard.id]
    assert newest_hard.created_at is not None
    after = await cci.policies.decision_logs(org, "config", after=newest_hard.created_at)
    assert len(after) == 2
    before = await cci.policies.decision_logs(
        org, "config", before=newest_hard.created_at + timedelta(milliseconds=1)
    )
    assert [log.id for log in before] == [newest_hard.id]
    query = parse_qs(fake.requests_to(DECISIONS)[-1].query)
    assert query["before"][0].endswith("Z")

    assert newest_hard.id is not None
    assert await cci.policies.decision_log(org, "config", newest_hard.id) == newest_hard
    used = await cci.policies.decision_log_bundle(org, "config", newest_hard.id)
    assert sorted(used) == ["docker", "size"] and used["docker"][0].content == DOCKER
    with pytest.raises(NotFound) as info:
        await cci.policies.decision_log(org, "config", UNKNOWN)
    assert info.value.message == "decision log not found"
    with pytest.raises(NotFound):
        await cci.policies.decision_log_bundle(org, "config", UNKNOWN)


async def test_decision_logs_page_by_offset(cci: CircleCI, fake: FakeCircleCI) -> None:
    org = fake.data.org_id
    for i in range(25):
        await cci.policies.decide(org, "config", input=f"n: {i}")
    first = await cci.policies.decision_logs(org, "config")
    rest = await cci.policies.decision_logs(org, "config", offset=len(first))
    assert (len(first), len(rest)) == (20, 5)
    assert parse_qs(fake.requests_to(DECISIONS)[-1].query) == {"offset": ["20"]}
    assert len({log.id for log in first + rest}) == 25


async def test_decision_settings(cci: CircleCI, fake: FakeCircleCI) -> None:
    org = fake.data.org_id
    assert await cci.policies.decision_settings(org, "config") == DecisionSettings(enabled=True)
    off = await cci.policies.set_decision_settings(org, "config", enabled=False)
    assert off == DecisionSettings(enabled=False)
    assert fake.requests_to(DECISIONS + "/settings")[-1].json() == {"enabled": False}
    assert await cci.policies.decision_settings(org, "config") == off


async def test_server_errors_use_the_error_key(cci: CircleCI, fake: FakeCircleCI) -> None:
    with pytest.raises(Forbidden) as forbidden:
        await cci.policies.bundle(UNKNOWN, "config")
    assert forbidden.value.message == "Forbidden."
    with pytest.raises(BadRequest) as bad:
        await cci.policies.bundle(fake.data.org_id, "deploy")
    assert bad.value.message == "context: must be a valid value."
    with pytest.raises(BadRequest) as parse:
        await cci.policies.create_bundle(fake.data.org_id, "config", policies={"p": "package x"})
    assert "package must be org" in parse.value.message
    async with CircleCI(host=fake.url) as anon:
        with pytest.raises(Unauthorized) as unauthorized:
            await anon.policies.decision_settings(fake.data.org_id, "config")
    assert unauthorized.value.message == "Unauthorized."


# aiohttp warns about sending a body this large from bytes (a Session matter, not this area's)
@pytest.mark.filterwarnings("ignore:Sending a large body:ResourceWarning")
async def test_large_bundle_is_stored_oversized_one_is_413(
    cci: CircleCI, fake: FakeCircleCI
) -> None:
    large = "package org\n" + "#" * (2 << 20)
    upload = await cci.policies.create_bundle(fake.data.org_id, "config", policies={"p": large})
    assert upload.created
    huge = "package org\n" + "#" * MAX_BUNDLE_BYTES
    with pytest.raises(APIStatusError) as too_big:
        await cci.policies.create_bundle(fake.data.org_id, "config", policies={"p": huge})
    assert too_big.value.status == 413
    assert too_big.value.message == "http: request payload too large"


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [
        (lambda c: c.policies.bundle("", "config"), ValueError, "owner_id"),
        (lambda c: c.policies.bundle("o", None), TypeError, "context"),
        (lambda c: c.policies.policy("o", "config", ""), ValueError, "policy_name"),
        (
            lambda c: c.policies.create_bundle("o", "config", policies={"p": 1}),
            TypeError,
            "policies",
        ),
        (lambda c: c.policies.create_bundle("o", "config", dry="yes"), TypeError, "dry"),
        (lambda c: c.policies.decide("o", "config", input=None), ValueError, "input"),
        (lambda c: c.policies.decide("o", "config", input=b"x"), TypeError, "input"),
        (
            lambda c: c.policies.decide("o", "config", input="x", metadata=[1]),
            TypeError,
            "metadata",
        ),
        (lambda c: c.policies.decision_logs("o", "config", offset=-1), ValueError, "offset"),
        (lambda c: c.policies.decision_logs("o", "config", after="soon"), ValueError, "after"),
        (lambda c: c.policies.decision_logs("o", "config", before=1), TypeError, "before"),
        (
            lambda c: c.policies.decision_logs("o", "config", after=datetime(2026, 1, 1)),
            ValueError,
            "after must carry a timezone",
        ),
        (lambda c: c.policies.decision_logs("o", "config", branch=["a"]), TypeError, "branch"),
        (lambda c: c.policies.decision_log("o", "config", " "), ValueError, "decision_id"),
        (lambda c: c.policies.decision_log_bundle("o", "", "d"), ValueError, "context"),
        (
            lambda c: c.policies.set_decision_settings("o", "config", enabled="on"),
            TypeError,
            "enabled",
        ),
    ],
)
async def test_bad_input_fails_before_any_request(
    cci: CircleCI, fake: FakeCircleCI, call: Any, error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await call(cci)
    assert fake.requests == []
