"""Every operation, through the client, against Prism serving the official spec.

Prism validates each request (path, parameters, body, auth): a violation comes back as a 4xx,
which the client raises. Static mode answers with the spec's examples; dynamic mode with random
schema-valid data, which must always decode.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from circleci_async import CircleCI, RetryPolicy

pytestmark = pytest.mark.anyio

Case = Callable[[CircleCI], Awaitable[Any]]
DYNAMIC_ROUNDS = int(os.environ.get("PRISM_DYNAMIC_ROUNDS", "3"))


def load_cases() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for path in sorted(Path(__file__).parent.glob("cases_*.py")):
        spec = importlib.util.spec_from_file_location(f"conformance_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for key, case in module.CASES.items():
            assert key not in cases, f"{key} has two cases"
            cases[key] = case
    return cases


CASES = load_cases()


def spec_operation_ids(spec: dict[str, Any]) -> set[str]:
    return {
        op["operationId"]
        for item in spec["paths"].values()
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_every_case_is_a_spec_operation(spec: dict[str, Any]) -> None:
    unknown = set(CASES) - spec_operation_ids(spec)
    assert not unknown


def test_every_operation_has_a_case(spec: dict[str, Any]) -> None:
    missing = spec_operation_ids(spec) - set(CASES)
    assert not missing, f"operations never called against Prism: {sorted(missing)}"


def _client(url: str) -> CircleCI:
    return CircleCI("prism-token", host=url, retry=RetryPolicy.testing(attempts=1))


@pytest.mark.parametrize("operation", sorted(CASES))
async def test_static(operation: str, prism_static: str) -> None:
    async with _client(prism_static) as cci:
        await CASES[operation](cci)


@pytest.mark.parametrize("operation", sorted(CASES))
async def test_dynamic(operation: str, prism_dynamic: str) -> None:
    async with _client(prism_dynamic) as cci:
        for _ in range(DYNAMIC_ROUNDS):
            await CASES[operation](cci)
