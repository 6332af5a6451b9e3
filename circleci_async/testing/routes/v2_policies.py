"""Fake v2 Policy Management area: policy bundles, decisions, decision logs and settings.

Errors here are ``{"error": ...}`` bodies, as CircleCI's policy service answers. The fake
does not run Rego: a policy line ``# fake:hard_fail RULE TEXT`` (or ``soft_fail``) makes
``RULE`` fail when the decision's input contains ``TEXT``; every such rule is "enabled".
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from aiohttp import web

from circleci_async.testing._web import ApiError, fake_of, ok, require_user
from circleci_async.testing.data import iso
from circleci_async.testing.routes._v2admin import FakeDecision, PolicyState, admin_state

__all__ = ["MAX_BUNDLE_BYTES", "register"]

#: Largest bundle upload accepted (about 2.5 MiB, as CircleCI documents); beyond it 413.
MAX_BUNDLE_BYTES = 2_500_000
_CONTEXTS = frozenset({"config"})


def _error(status: int, message: str) -> ApiError:
    return ApiError(status, message, key="error")


def _state(request: web.Request) -> PolicyState:
    try:
        require_user(request)
    except ApiError:
        raise _error(401, "Unauthorized.") from None
    owner_id = request.match_info["owner_id"]
    context = request.match_info["context"]
    if owner_id != fake_of(request).data.org_id:
        raise _error(403, "Forbidden.")
    if context not in _CONTEXTS:
        raise _error(400, "context: must be a valid value.")
    return admin_state.of(request).policy_of(owner_id, context)


async def _body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if len(raw) > MAX_BUNDLE_BYTES:
        raise _error(413, "http: request payload too large")
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        raise _error(400, "malformed request body") from None
    if not isinstance(data, dict):
        raise _error(400, "malformed request body")
    return data


def _bundle(state: PolicyState) -> dict[str, list[dict[str, Any]]]:
    return {name: [doc] for name, doc in sorted(state.policies.items())}


async def get_bundle(request: web.Request) -> web.Response:
    return ok(_bundle(_state(request)))


async def create_bundle(request: web.Request) -> web.Response:
    state = _state(request)
    body = await _body(request)
    policies = body.get("policies", {})
    if not isinstance(policies, dict) or not all(isinstance(v, str) for v in policies.values()):
        raise _error(400, "policies must map policy names to policy content")
    for name, content in policies.items():
        if not content.lstrip().startswith("package org"):
            raise _error(400, f"failed to parse policy file(s): {name}: package must be org")
    old = state.policies
    diff = {
        "created": sorted(set(policies) - set(old)),
        "deleted": sorted(set(old) - set(policies)),
        "modified": sorted(n for n in policies if n in old and old[n]["content"] != policies[n]),
    }
    if request.query.get("dry") == "true":
        return ok(diff)
    now = iso(admin_state.of(request).now())
    user = require_user(request)
    state.policies = {
        name: (
            old[name]
            if name in old and old[name]["content"] == content
            else {"name": name, "content": content, "created_at": now, "created_by": user.id}
        )
        for name, content in policies.items()
    }
    return ok(diff, 201)


async def get_policy(request: web.Request) -> web.Response:
    doc = _state(request).policies.get(request.match_info["policy_name"])
    if doc is None:
        raise _error(404, "policy not found")
    return ok(doc)


def _evaluate(policies: dict[str, dict[str, Any]], text: str) -> dict[str, Any]:
    enabled: list[str] = []
    hard: list[dict[str, str]] = []
    soft: list[dict[str, str]] = []
    for doc in policies.values():
        for line in doc["content"].splitlines():
            parts = line.strip().split(maxsplit=3)
            if (
                len(parts) == 4
                and parts[0] == "#"
                and parts[1] in ("fake:hard_fail", "fake:soft_fail")
            ):
                rule, needle = parts[2], parts[3]
                enabled.append(rule)
                if needle in text:
                    failures = hard if parts[1] == "fake:hard_fail" else soft
                    failures.append({"rule": rule, "reason": f"input contains {needle!r}"})
    status = "HARD_FAIL" if hard else "SOFT_FAIL" if soft else "PASS"
    decision: dict[str, Any] = {"status": status, "enabled_rules": sorted(enabled)}
    if hard:
        decision["hard_failures"] = hard
    if soft:
        decision["soft_failures"] = soft
    if not policies:
        decision["reason"] = "no policies in bundle"
    return decision


def _metadata(meta: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("project_id", "build_number", "ssh_rerun"):
        if key in meta:
            out[key] = meta[key]
    vcs = {k: meta[k] for k in ("branch", "release_tag") if isinstance(meta.get(k), str)}
    if vcs:
        out["vcs"] = vcs
    return out


async def make_decision(request: web.Request) -> web.Response:
    state = _state(request)
    body = await _body(request)
    text = body.get("input")
    meta = body.get("metadata", {})
    if not isinstance(text, str) or not text:
        raise _error(400, "input: cannot be blank.")
    if not isinstance(meta, dict):
        raise _error(400, "metadata: must be an object.")
    decision = _evaluate(state.policies, text)
    admin = admin_state.of(request)
    state.decisions.append(
        FakeDecision(
            admin.new_id(),
            admin.now(),
            decision,
            _metadata(meta),
            {
                name: hashlib.sha512(doc["content"].encode()).hexdigest()
                for name, doc in state.policies.items()
            },
            _bundle(state),
            3,
        )
    )
    return ok(decision)


def _time(request: web.Request, name: str) -> datetime | None:
    value = request.query.get(name)
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise _error(400, f"{name}: must be a valid date-time.") from None
    if when.tzinfo is None:
        raise _error(400, f"{name}: must carry a timezone.")
    return when


async def list_decisions(request: web.Request) -> web.Response:
    state = _state(request)
    after, before = _time(request, "after"), _time(request, "before")
    query = request.query
    try:
        offset = int(query.get("offset", "0"))
    except ValueError:
        raise _error(400, "offset: must be an integer.") from None
    if offset < 0:
        raise _error(400, "offset: must be no less than 0.")
    found = []
    for log in reversed(state.decisions):
        meta, status = log.metadata, query.get("status")
        if status is not None and log.decision["status"].lower() != status.lower():
            continue
        if after is not None and log.created_at <= after:
            continue
        if before is not None and log.created_at >= before:
            continue
        if "branch" in query and meta.get("vcs", {}).get("branch") != query["branch"]:
            continue
        if "project_id" in query and meta.get("project_id") != query["project_id"]:
            continue
        if "build_number" in query and str(meta.get("build_number")) != query["build_number"]:
            continue
        found.append(log.json())
    size = fake_of(request).page_size
    return ok(found[offset : offset + size])


def _decision(request: web.Request) -> FakeDecision:
    decision_id = request.match_info["decision_id"]
    for log in _state(request).decisions:
        if log.id == decision_id:
            return log
    raise _error(404, "decision log not found")


async def get_decision(request: web.Request) -> web.Response:
    return ok(_decision(request).json())


async def get_decision_bundle(request: web.Request) -> web.Response:
    return ok(_decision(request).bundle)


async def get_settings(request: web.Request) -> web.Response:
    return ok({"enabled": _state(request).enabled})


async def set_settings(request: web.Request) -> web.Response:
    state = _state(request)
    body = await _body(request)
    unknown = sorted(set(body) - {"enabled"})
    if unknown:
        raise _error(400, f"unknown field {unknown[0]!r}")
    if "enabled" in body:
        if not isinstance(body["enabled"], bool):
            raise _error(400, "enabled: must be a boolean.")
        state.enabled = body["enabled"]
    return ok({"enabled": state.enabled})


def register(app: web.Application) -> None:
    """Add the routes (settings before ``{decision_id}`` so it is not taken for an id)."""
    base = "/api/v2/owner/{owner_id}/context/{context}"
    app.router.add_get(base + "/policy-bundle", get_bundle)
    app.router.add_post(base + "/policy-bundle", create_bundle)
    app.router.add_get(base + "/policy-bundle/{policy_name}", get_policy)
    app.router.add_get(base + "/decision", list_decisions)
    app.router.add_post(base + "/decision", make_decision)
    app.router.add_get(base + "/decision/settings", get_settings)
    app.router.add_patch(base + "/decision/settings", set_settings)
    app.router.add_get(base + "/decision/{decision_id}", get_decision)
    app.router.add_get(base + "/decision/{decision_id}/policy-bundle", get_decision_bundle)
