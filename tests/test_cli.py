"""The command line, run as a user runs it: a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "circleci_async.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_demo_runs_against_the_embedded_fake_server() -> None:
    result = run("demo")
    assert result.returncode == 0, result.stderr
    assert "Signed in as octocat" in result.stdout
    assert "gh/acme/api" in result.stdout


def test_demo_json_summary() -> None:
    result = run("demo", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["user"] == "octocat"
    assert summary["pipelines"] == [30, 29, 28, 27, 26]


def test_no_command_is_bad_usage() -> None:
    assert run().returncode == 2


def test_unknown_flag_is_bad_usage() -> None:
    result = run("demo", "--nope")
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr
