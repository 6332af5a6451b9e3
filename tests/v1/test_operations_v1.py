"""OPERATIONS covers API-v1.1.md: one method per table row, parameters named like the table."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest

from circleci_async import OPERATIONS, CircleCI

TABLE_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "API-v1.1.md"
#: Path parameters of the table and the Python parameters they become (in path order).
PATH_PARAMS = {
    ":vcs": "project_slug",
    ":org": None,
    ":project": None,
    ":build_num": "build_num",
    ":branch": "branch",
    ":fingerprint": "fingerprint",
    ":name": "name",
}
#: Parameters the pager handles itself (like v2's page-token): exposed as a start offset.
PAGED = {"limit", "offset"}


def table_rows() -> list[tuple[str, str, set[str]]]:
    """``(method, path, keyword parameter names)`` for every row of the endpoint table."""
    if not TABLE_PATH.is_file():
        raise FileNotFoundError(f"the v1.1 endpoint table is expected at {TABLE_PATH}")
    rows = []
    previous: set[str] = set()
    for line in TABLE_PATH.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] not in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            continue
        method, path_cell, params_cell, _ = cells
        path = re.search(r"`([^`]+)`", path_cell)
        assert path, line
        route = path.group(1).removeprefix("{host}")
        if params_cell.startswith("same as above"):
            names = set(previous)
        else:
            names = set(re.findall(r"`([^`]+)`", re.sub(r"\([^)]*\)", "", params_cell)))
        previous = names
        rows.append((method, route, names))
    return rows


def key_of(method: str, route: str) -> str:
    return f"v1.1 {method} {route}"


def method_for(target: str) -> Any:
    obj: Any = CircleCI()
    for part in target.split("."):
        obj = getattr(obj, part)
    return obj


def test_table_has_28_rows() -> None:
    rows = table_rows()
    assert len(rows) == 28
    assert len({key_of(m, r) for m, r, _ in rows}) == 28


def test_every_row_has_exactly_one_method() -> None:
    expected = {key_of(m, r) for m, r, _ in table_rows()}
    v1 = {k: v for k, v in OPERATIONS.items() if k.startswith("v1.1 ")}
    assert set(v1) == expected
    assert len(set(v1.values())) == len(v1) == 28
    for target in v1.values():
        assert target.startswith("v1.")
        assert callable(method_for(target)), target


@pytest.mark.parametrize(("method", "route", "names"), table_rows(), ids=lambda v: str(v))
def test_parameters_match_the_table(method: str, route: str, names: set[str]) -> None:
    target = OPERATIONS[key_of(method, route)]
    sig = inspect.signature(method_for(target))
    positional = [p.name for p in sig.parameters.values() if p.kind is p.POSITIONAL_OR_KEYWORD]
    keywords = {p.name for p in sig.parameters.values() if p.kind is p.KEYWORD_ONLY}
    expected_positional = [
        PATH_PARAMS[seg] for seg in re.findall(r":\w+", route) if PATH_PARAMS[seg]
    ]
    assert positional == expected_positional, target
    # limit and offset stay (limit: the total wanted, offset: where to start); the pager splits
    # them into requests of at most 100.
    assert keywords == names, target
    if names & PAGED:
        assert names >= PAGED


def test_paginated_methods_return_pagers() -> None:
    from circleci_async.pagination import AsyncPager

    cci = CircleCI()
    assert isinstance(cci.v1.builds.recent(), AsyncPager)
    assert isinstance(cci.v1.builds.list("gh/o/r"), AsyncPager)
    assert isinstance(cci.v1.builds.list_branch("gh/o/r", "main"), AsyncPager)
