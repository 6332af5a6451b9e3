"""examples/mirror_latest_green.py: skip newer pipelines that are not green, mirror a green one."""

from __future__ import annotations

from pathlib import Path

from circleci_async.testing import FakeData
from tests.examples.conftest import RunExample

SLUG = "gh/acme/api"


def expected_files() -> tuple[int, dict[str, bytes]]:
    """The latest green main pipeline of the seeded data, and its artifacts by relative path.

    The example adds two newer pipelines on main (one failed, one running) to the same seed.
    """
    data = FakeData()
    green = next(
        p
        for p in data.project_pipelines(SLUG, "main")
        if all(w.status == "success" for w in p.workflows)
    )
    files = {
        f"{job.number}/{a.node_index}/{a.path}": a.content()
        for w in green.workflows
        for job in w.jobs
        for a in job.artifacts
    }
    return green.number, files


def downloaded(dest: Path) -> dict[str, bytes]:
    return {
        str(f.relative_to(dest)): f.read_bytes()
        for f in dest.rglob("*")
        if f.is_file() and not f.name.startswith(".circleci-async")
    }


def test_mirrors_the_latest_green_pipeline(run_example: RunExample, tmp_path: Path) -> None:
    number, files = expected_files()
    assert number == 30 and len(files) == 12  # the seed: 3 jobs, the test job on 2 nodes

    result = run_example("mirror_latest_green")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "pipeline 32: skipped (build-and-test=running)",
        "pipeline 31: skipped (build-and-test=failed)",
        "pipeline 30: green, mirroring its artifacts into ./artifacts",
    ]
    assert lines[3].startswith("12 downloaded, 0 skipped, 0 failed; ")
    assert len(lines) == 4
    # exactly the green pipeline's files, byte for byte: none of the failed pipeline's jobs
    assert downloaded(tmp_path / "artifacts") == files


def test_dest_option(run_example: RunExample, tmp_path: Path) -> None:
    result = run_example("mirror_latest_green", "--dest", "out")
    assert result.returncode == 0, result.stderr
    assert downloaded(tmp_path / "out") == expected_files()[1]


def test_no_green_pipeline_exits_1(run_example: RunExample, tmp_path: Path) -> None:
    result = run_example("mirror_latest_green", "--branch", "no-such-branch")
    assert result.returncode == 1
    assert (
        result.stdout == "no green pipeline among the last 100 on no-such-branch of gh/acme/api\n"
    )
    # only the two newer pipelines are looked at: neither is green
    result = run_example("mirror_latest_green", "--limit", "2")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == (
        "no green pipeline among the last 2 on main of gh/acme/api"
    )
    assert not (tmp_path / "artifacts").exists()


def test_unusable_destination_exits_1(run_example: RunExample, tmp_path: Path) -> None:
    (tmp_path / "artifacts").write_text("a file, not a directory")
    result = run_example("mirror_latest_green")
    assert result.returncode == 1
    assert "cannot use ./artifacts: cannot create destination" in result.stderr


def test_a_failed_file_exits_1_and_the_others_arrive(
    run_example: RunExample, tmp_path: Path
) -> None:
    files = expected_files()[1]
    blocked = sorted(files)[0]
    (tmp_path / "artifacts" / blocked / "in-the-way").mkdir(parents=True)
    result = run_example("mirror_latest_green")
    assert result.returncode == 1
    assert "11 downloaded, 0 skipped, 1 failed; " in result.stdout
    assert f"failed: {blocked}: its name is taken" in result.stderr
    del files[blocked]
    got = downloaded(tmp_path / "artifacts")
    assert {k: v for k, v in got.items() if not k.startswith(blocked)} == files
