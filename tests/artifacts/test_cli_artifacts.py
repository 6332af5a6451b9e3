"""``circleci-async artifacts …`` run as a subprocess against the fake server."""

from __future__ import annotations

import hashlib
import json
import signal
import sys
from pathlib import Path

import anyio
import pytest

from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

SLUG = "gh/acme/api"


async def cli(fake: FakeCircleCI, *args: str) -> tuple[int, str, str]:
    result = await anyio.run_process(
        [
            sys.executable,
            "-m",
            "circleci_async.cli",
            "artifacts",
            *args,
            "--host",
            fake.url,
            "--token",
            fake.token,
        ],
        check=False,
    )
    # rich wraps long lines: compare stderr with whitespace collapsed
    return result.returncode, result.stdout.decode(), " ".join(result.stderr.decode().split())


def named(dest: Path, pattern: str) -> set[str]:
    return {p.name for p in dest.rglob(pattern)}


def files(dest: Path) -> list[str]:
    return sorted(
        str(p.relative_to(dest))
        for p in dest.rglob("*")
        if p.is_file() and not p.name.startswith(".circleci")
    )


async def test_download_jobs_json_summary_and_rerun_skips(
    fake: FakeCircleCI, tmp_path: Path
) -> None:
    job = fake.data.project_pipelines(SLUG)[0].workflows[0].jobs[1]
    code, out, err = await cli(
        fake, "download", SLUG, str(job.number), "--dest", str(tmp_path), "--json"
    )
    assert code == 0, err
    summary = json.loads(out)
    assert summary["downloaded"] == len(job.artifacts) and summary["failed"] == 0
    assert summary["bytes"] == sum(a.size for a in job.artifacts)
    assert files(tmp_path) == sorted(f"{job.number}/{a.node_index}/{a.path}" for a in job.artifacts)
    code, out, _ = await cli(
        fake, "download", SLUG, str(job.number), "--dest", str(tmp_path), "--json"
    )
    assert code == 0 and json.loads(out)["skipped"] == len(job.artifacts)
    assert fake.storage_token_requests == 0


async def test_a_failed_file_or_unknown_job_exits_1_and_names_it(
    fake: FakeCircleCI, tmp_path: Path
) -> None:
    job = fake.data.project_pipelines(SLUG)[0].workflows[0].jobs[0]
    key = job.artifacts[0].key
    fake.inject("GET", rf".*/{key}", status=403, body="denied", host="artifacts", times=50)
    code, out, err = await cli(
        fake, "download", SLUG, str(job.number), "99999", "--dest", str(tmp_path), "--quiet"
    )
    assert code == 1
    assert f"{len(job.artifacts) - 1} downloaded" in out and "1 failed" in out
    assert "HTTP 403" in err and "job 99999 of gh/acme/api" in err


async def test_bad_slug_is_bad_usage_and_bad_dest_is_a_clear_error(
    fake: FakeCircleCI, tmp_path: Path
) -> None:
    code, _, err = await cli(fake, "download", "gh/acme", "1", "--dest", str(tmp_path))
    assert code == 2 and "'gh/acme' is not a project slug" in err
    code, _, err = await cli(fake, "download", SLUG, "0", "--dest", str(tmp_path))
    assert code == 2 and "must be >= 1" in err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = await cli(fake, "download", SLUG, "1", "--dest", str(blocker / "d"))
    assert code == 1 and "cannot create destination" in err and "Not a directory" in err


async def test_mirror_branch_pipelines_workflow_and_list(
    fake: FakeCircleCI, tmp_path: Path
) -> None:
    pipelines = fake.data.project_pipelines(SLUG, branch="feature/login")[:2]
    jobs = [j for p in pipelines for w in p.workflows for j in w.jobs if j.name == "test"]
    code, out, err = await cli(
        fake,
        "mirror",
        SLUG,
        "--branch",
        "feature/login",
        "--pipelines",
        "2",
        "--job",
        "test",
        "--dest",
        str(tmp_path),
        "--json",
        "--concurrency",
        "3",
    )
    assert code == 0, err
    assert json.loads(out)["downloaded"] == sum(len(j.artifacts) for j in jobs)
    assert {p.split("/")[0] for p in files(tmp_path)} == {str(j.number) for j in jobs}
    workflow = pipelines[0].workflows[0]
    code, out, err = await cli(fake, "workflow", workflow.id, "--dest", str(tmp_path / "w"))
    assert code == 0, err
    assert f"{sum(len(j.artifacts) for j in workflow.jobs)} downloaded" in out
    code, out, err = await cli(fake, "pipeline", pipelines[1].id, "--dest", str(tmp_path / "p"))
    assert code == 0, err
    code, out, _ = await cli(fake, "list", SLUG, str(jobs[0].number), "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["path"] for r in rows] == [a.path for a in jobs[0].artifacts]
    assert {r["node_index"] for r in rows} == {0, 1}


async def test_demo_mirrors_the_latest_pipeline() -> None:
    result = await anyio.run_process([sys.executable, "-m", "circleci_async.cli", "demo", "--json"])
    artifacts = json.loads(result.stdout)["artifacts"]
    assert artifacts["downloaded"] > 0 and artifacts["failed"] == 0 and artifacts["bytes"] > 0


async def test_ctrl_c_leaves_only_complete_files_and_a_rerun_finishes(
    fake: FakeCircleCI, tmp_path: Path
) -> None:
    workflow = fake.data.project_pipelines(SLUG)[0].workflows[0]
    job = fake.data.add_job(
        workflow, "big", artifacts=[(f"f{i}.bin", (32 << 20) + i, 0) for i in range(8)]
    )
    cmd = [sys.executable, "-m", "circleci_async.cli", "artifacts", "download", SLUG]
    cmd += [str(job.number), "--dest", str(tmp_path), "--concurrency", "1", "--quiet"]
    cmd += ["--host", fake.url, "--token", fake.token]
    async with await anyio.open_process(cmd) as proc:
        # another process writes: poll its destination until a transfer is under way
        while not named(tmp_path, "*.part"):  # noqa: ASYNC110
            await anyio.sleep(0.005)
        proc.send_signal(signal.SIGINT)
        code = await proc.wait()
    assert code == 130
    done = named(tmp_path, "*.bin")
    assert len(done) < 8
    for artifact in job.artifacts:
        if artifact.path in done:
            target = tmp_path / str(job.number) / "0" / artifact.path
            assert hashlib.sha256(target.read_bytes()).hexdigest() == artifact.sha256()
    code, out, err = await cli(
        fake, "download", SLUG, str(job.number), "--dest", str(tmp_path), "--json"
    )
    assert code == 0, err
    summary = json.loads(out)
    assert summary["downloaded"] + summary["skipped"] == 8
    for artifact in job.artifacts:
        target = tmp_path / str(job.number) / "0" / artifact.path
        assert hashlib.sha256(target.read_bytes()).hexdigest() == artifact.sha256()
