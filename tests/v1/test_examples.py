"""CircleCI's published v1.1 example bodies (examples file and seeds) decode into the models."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import msgspec
import pytest

from circleci_async.models.v1.artifacts import Artifact
from circleci_async.models.v1.builds import (
    Build,
    BuildDetails,
    FollowResult,
    Lifecycle,
    Outcome,
    PipelineTriggered,
    Status,
)
from circleci_async.models.v1.projects import CheckoutKey, EnvVar, Message, Project
from circleci_async.models.v1.tests import TestMetadataResponse
from circleci_async.models.v1.users import User
from tests.v1._examples import examples, loads, seed_examples, strip_comments

#: Every section of v1.1-response-examples.md and the model its body decodes into.
SECTIONS: dict[str, Any] = {
    "add-an-api-token": User,
    "user": User,
    "get-all-followed-projects": list[Project],
    "follow-a-new-project-on-circleci": FollowResult,
    "recent-jobs-across-all-projects": list[Build],
    "recent-jobs-for-a-single-project": list[Build],
    "improving-performance-in-recent-job-requests-using-the-shallow-parameter": list[Build],
    "single-job": BuildDetails,
    "retry-a-job": Build,
    "cancel-a-job": Build,
    "trigger-a-new-job": Build,
    "trigger-a-new-job-with-a-branch": Build,
    "trigger-a-new-pipeline-by-project": PipelineTriggered,
    "get-test-metadata": TestMetadataResponse,
    "list-checkout-keys": list[CheckoutKey],
    "new-checkout-key": CheckoutKey,
    "get-checkout-key": CheckoutKey,
    "delete-checkout-key": Message,
    "artifacts-of-a-job": list[Artifact],
    "artifacts-of-the-latest-job-run": list[Artifact],
    "list-environment-variables": list[EnvVar],
    "add-environment-variables": EnvVar,
    "get-single-environment-variable": EnvVar,
    "delete-environment-variables": Message,
}

#: Section titles of the seeds 003/004 and their models.
SEED_SECTIONS: dict[str, Any] = {
    "Add an API Token": User,
    "Single Job": BuildDetails,
    "Retry a Build": Build,
    "Cancel a Build": Build,
    "Trigger a new Job": Build,
    "Trigger a new Job with a Branch": Build,
    "Trigger a new Build by Project (preview)": PipelineTriggered,
    "Get Build Test Metadata": TestMetadataResponse,
}


def decode(data: Any, type_: Any) -> Any:
    """Decode like the client does: JSON bytes through msgspec's JSON decoder."""
    return msgspec.json.decode(msgspec.json.encode(data), type=type_)


@pytest.fixture(scope="module")
def bodies() -> dict[str, Any]:
    return examples()


def test_every_example_section_has_a_model(bodies: dict[str, Any]) -> None:
    assert set(bodies) == set(SECTIONS)


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_example_decodes(bodies: dict[str, Any], section: str) -> None:
    value = decode(bodies[section], SECTIONS[section])
    assert value == decode(msgspec.to_builtins(value), SECTIONS[section])


def test_seed_examples_decode() -> None:
    found = seed_examples()
    assert {title for _, title, _ in found} == set(SEED_SECTIONS)
    for _, title, body in found:
        decode(body, SEED_SECTIONS[title])


def test_single_job_has_steps_and_actions(bodies: dict[str, Any]) -> None:
    build = decode(bodies["single-job"], BuildDetails)
    assert [s.name for s in build.steps] == [
        "configure the build",
        "lein2 deps",
        "lein2 trampoline midje",
    ]
    action = build.steps[2].actions[0]
    assert action.exit_code == 1 and action.failed is True and action.continue_ is None
    assert build.lifecycle == Lifecycle.FINISHED and build.outcome == Outcome.SUCCESS
    assert build.start_time == datetime(2013, 2, 12, 21, 33, 38, tzinfo=UTC)


def test_timestamps_accept_z_and_offsets(bodies: dict[str, Any]) -> None:
    (build,) = decode(bodies["recent-jobs-for-a-single-project"], list[Build])
    assert build.committer_date == datetime(
        2019, 4, 12, 10, 44, 51, tzinfo=timezone(timedelta(hours=-7))
    )
    assert build.stop_time == datetime(2019, 4, 12, 17, 47, 42, 298000, tzinfo=UTC)
    assert build.workflows is not None and build.workflows.workflow_name == "build-website"
    assert build.pull_requests[0].head_sha == build.vcs_revision


def test_nulls_and_nested_objects(bodies: dict[str, Any]) -> None:
    follow = decode(bodies["follow-a-new-project-on-circleci"], FollowResult)
    assert follow.followed is True and follow.first_build is not None
    assert follow.first_build.outcome is None and follow.first_build.stop_time is None
    assert follow.first_build.user is not None and follow.first_build.user.id == 10101010
    trigger = decode(bodies["trigger-a-new-job"], Build)
    assert trigger.all_commit_details[0].author_login == "arohner"
    assert trigger.previous_successful_build is not None
    assert trigger.previous_successful_build.build_time_millis == 55413
    cancel = decode(bodies["cancel-a-job"], Build)
    assert cancel.status == Status.CANCELED and cancel.canceled is True
    assert cancel.previous is not None and cancel.previous.build_num == 25


def test_projects_per_branch(bodies: dict[str, Any]) -> None:
    (project,) = decode(bodies["get-all-followed-projects"], list[Project])
    master = project.branches["master"]
    assert master.pusher_logins == ["pbiggar", "arohner"]
    assert master.last_success is not None and master.last_success.build_num == 15
    assert [b.build_num for b in master.recent_builds] == [22, 21]
    assert master.running_builds == []


def test_small_bodies(bodies: dict[str, Any]) -> None:
    tests = decode(bodies["get-test-metadata"], TestMetadataResponse).tests
    assert tests[1].message is None and tests[0].run_time == pytest.approx(2.957513661)
    (key,) = decode(bodies["list-checkout-keys"], list[CheckoutKey])
    assert key.type == "deploy-key" and key.preferred is True
    assert decode(bodies["delete-environment-variables"], Message).message == "ok"
    (var,) = decode(bodies["list-environment-variables"], list[EnvVar])
    assert var.value == "xxxx1234"
    arts = decode(bodies["artifacts-of-a-job"], list[Artifact])
    assert arts[0].node_index == 0 and arts[0].url.startswith("https://")
    assert decode(bodies["trigger-a-new-pipeline-by-project"], PipelineTriggered).status == 200


def test_models_ignore_new_fields_and_values() -> None:
    build = decode(
        {"build_num": 1, "status": "brand_new_status", "has_artifacts": True, "x": {}}, Build
    )
    assert build.status == "brand_new_status"


def test_loader_strips_comments_but_not_urls() -> None:
    text = '{"url": "https://a//b", // note\n "n": 1 // two\n}'
    assert strip_comments(text) == '{"url": "https://a//b", \n "n": 1 \n}'
    assert loads(text) == {"url": "https://a//b", "n": 1}


def test_loader_repairs_the_published_quirks() -> None:
    assert loads('{"a": 1\n "b": [1, 2, ...],}') == {"a": 1, "b": [1, 2]}
    assert loads('[ {"a": {"b": 1}, ... ]') == [{"a": {"b": 1}}]
    steps = '[ {"n": 1, "a": [ {} ] },\n "n": 2, "a": [] } ]'
    assert loads(steps) == [{"n": 1, "a": [{}]}, {"n": 2, "a": []}]
