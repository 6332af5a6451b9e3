"""Artifact path sanitising as a table: what is kept, rewritten, or refused."""

from __future__ import annotations

import pytest

from circleci_async.artifacts import UnsafePathError, artifact_relpath, safe_relative_path
from circleci_async.artifacts.paths import MAX_NAME_BYTES

KEPT = [
    ("a/b.txt", "a/b.txt"),
    ("/etc/passwd", "etc/passwd"),
    ("//abs//x", "abs/x"),
    ("./a/./b", "a/b"),
    ("C:\\logs\\out.txt", "C:/logs/out.txt"),
    ("dir\\sub/file", "dir/sub/file"),
    ("résumé ü.txt", "résumé ü.txt"),
    ("x.part", "x.part_"),
    ("x.part_", "x.part__"),
    ("d.part/y", "d.part_/y"),
    ("x.partial", "x.partial"),
]

REFUSED = [
    ("../../x", "'..'"),
    ("a/../../b", "'..'"),
    ("a/..", "'..'"),
    ("", "empty"),
    ("/", "empty"),
    ("./.", "empty"),
    ("bad\x00name", "control"),
    ("tab\there", "control"),
    ("new\nline", "control"),
    ("del\x7f", "control"),
    ("a/" * 2000 + "b", "longer than"),
]


@pytest.mark.parametrize(("raw", "expected"), KEPT)
def test_kept_or_rewritten(raw: str, expected: str) -> None:
    assert safe_relative_path(raw) == expected


@pytest.mark.parametrize(("raw", "reason"), REFUSED)
def test_refused_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(UnsafePathError, match=reason):
        safe_relative_path(raw)


def test_long_names_are_shortened_uniquely_and_keep_the_extension() -> None:
    a = safe_relative_path("d/" + "a" * 300 + "1.log")
    b = safe_relative_path("d/" + "a" * 300 + "2.log")
    assert a != b
    for name in (a, b):
        leaf = name.split("/")[-1]
        assert len(leaf.encode()) <= MAX_NAME_BYTES
        assert leaf.endswith(".log") and leaf.startswith("aaaa")
    multibyte = safe_relative_path("é" * 200)
    assert len(multibyte.encode()) <= MAX_NAME_BYTES
    multibyte.encode().decode()  # still valid UTF-8


def test_relpath_layout_and_bad_job_or_node() -> None:
    assert artifact_relpath(42, 1, "/out/a.txt") == "42/1/out/a.txt"
    for job in ("..", "a/b", "", "x\x01"):
        with pytest.raises(UnsafePathError):
            artifact_relpath(job, 0, "a")
    for node in (-1, True, "0"):
        with pytest.raises(UnsafePathError):
            artifact_relpath(1, node, "a")  # type: ignore[arg-type]
