"""OPERATIONS against the official spec: every operation mapped, parameters named as the spec."""

from __future__ import annotations

import inspect
import re
from typing import Any

from circleci_async import OPERATIONS, CircleCI

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def python_name(spec_name: str) -> str:
    """The spec's parameter name as a Python parameter: ``-`` → ``_``, camelCase → snake_case."""
    name = spec_name.replace("-", "_")
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return name.lower()


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def body_properties(spec: dict[str, Any], schema: dict[str, Any]) -> set[str] | None:
    """Top-level property names of a request body schema, or None if it is not an object."""
    schema = resolve(spec, schema)
    names: set[str] = set(schema.get("properties", {}))
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(key, []):
            names |= body_properties(spec, sub) or set()
    return names or None


def operations(spec: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any], dict[str, Any]]]:
    out = {}
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                op = item[method]
                out[op["operationId"]] = (method, path, item, op)
    return out


def expected_signature(
    spec: dict[str, Any], path: str, item: dict[str, Any], op: dict[str, Any]
) -> tuple[list[str], set[str]]:
    params = [resolve(spec, p) for p in item.get("parameters", []) + op.get("parameters", [])]
    path_names = {p["name"] for p in params if p["in"] == "path"}
    in_order = [name for name in re.findall(r"\{([^}]+)\}", path) if name in path_names]
    positional = [python_name(n) for n in in_order]
    keywords = {
        python_name(p["name"])
        for p in params
        if p["in"] == "query" and p["name"] not in ("page-token", "page_token")
    }
    body = op.get("requestBody")
    if body:
        body = resolve(spec, body)
        schema = body.get("content", {}).get("application/json", {}).get("schema")
        if schema is not None:
            props = body_properties(spec, schema)
            keywords |= {python_name(n) for n in props} if props else {"body"}
    return positional, keywords


def method_for(target: str) -> Any:
    obj: Any = CircleCI()
    for part in target.split("."):
        obj = getattr(obj, part)
    return obj


def test_v2_keys_are_spec_operation_ids(spec: dict[str, Any]) -> None:
    ops = operations(spec)
    v2 = {k for k in OPERATIONS if not k.startswith("v1.1 ")}
    assert v2 <= set(ops), sorted(v2 - set(ops))


def test_every_spec_operation_has_a_method(spec: dict[str, Any]) -> None:
    ops = operations(spec)
    assert len(ops) == 110
    missing = set(ops) - set(OPERATIONS)
    assert not missing, f"spec operations without a method: {sorted(missing)}"
    not_callable = [t for t in OPERATIONS.values() if not callable(method_for(t))]
    assert not not_callable, not_callable


def test_method_parameters_match_the_spec(spec: dict[str, Any]) -> None:
    ops = operations(spec)
    problems = []
    for key, target in sorted(OPERATIONS.items()):
        if key.startswith("v1.1 "):
            continue
        _, path, item, op = ops[key]
        positional, keywords = expected_signature(spec, path, item, op)
        sig = inspect.signature(method_for(target))
        got_positional = [
            p.name
            for p in sig.parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        got_keywords = {p.name for p in sig.parameters.values() if p.kind is p.KEYWORD_ONLY}
        if got_positional != positional or got_keywords != keywords:
            problems.append(
                f"{key} -> {target}: positional {got_positional} (spec {positional}), "
                f"keyword-only {sorted(got_keywords)} (spec {sorted(keywords)})"
            )
    assert not problems, "\n".join(problems)


def test_python_name() -> None:
    assert python_name("project-slug") == "project_slug"
    assert python_name("orgID") == "org_id"
    assert python_name("ownerID") == "owner_id"
    assert python_name("policyName") == "policy_name"
    assert python_name("context_id") == "context_id"
