"""examples/trigger_and_wait.py: trigger with parameters, poll until done, exit by outcome."""

from __future__ import annotations

from tests.examples.conftest import RunExample

# The default fake data has 30 pipelines per project, so the triggered one is number 31.


def test_triggers_and_waits_until_the_workflow_succeeds(run_example: RunExample) -> None:
    result = run_example(
        "trigger_and_wait",
        "--param",
        "deploy=true",
        "--param",
        "replicas=3",
        "--param",
        "env=staging",
        "--interval",
        "0.05",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "pipeline 31 started, parameters {'deploy': True, 'replicas': 3, 'env': 'staging'}"
    )
    # every status change once, in order: the example polled until the workflow finished
    assert lines[1:] == [
        "build-and-test: running",
        "build-and-test: success",
        "pipeline 31: 1 workflow(s) finished: build-and-test=success",
    ]


def test_a_failed_workflow_exits_1(run_example: RunExample) -> None:
    result = run_example("trigger_and_wait", "gh/acme/web", "--branch", "broken", "--interval", "0")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        "build-and-test: failed",
        "pipeline 31: 1 workflow(s) finished: build-and-test=failed",
    ]


def test_timeout_exits_2(run_example: RunExample) -> None:
    result = run_example("trigger_and_wait", "--timeout", "0")
    assert result.returncode == 2, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        "build-and-test: running",
        "pipeline 31: timed out after 0 s",
    ]


def test_a_pipeline_that_was_not_created_exits_1(run_example: RunExample) -> None:
    result = run_example("trigger_and_wait", "--branch", "skip-ci")
    assert result.returncode == 1, result.stderr
    assert "no pipeline was started: Pipeline was not created" in result.stdout


def test_a_parameter_without_a_value_is_a_usage_error(run_example: RunExample) -> None:
    result = run_example("trigger_and_wait", "--param", "deploy")
    assert result.returncode == 2
    assert "expected key=value, got 'deploy'" in result.stderr
