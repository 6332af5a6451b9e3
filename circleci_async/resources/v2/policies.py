"""Policy Management area: policy bundles, decisions and their audit logs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from circleci_async._http import codec
from circleci_async.models.v2.policies import (
    BundleDiff,
    BundlePayload,
    BundleUpload,
    Decision,
    DecisionLog,
    DecisionSettings,
    DecisionSettingsRequest,
    MakeDecisionRequest,
    Policy,
    PolicyBundle,
)
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Policies"]

OPERATIONS = {
    "GetPolicyBundle": "policies.bundle",
    "CreatePolicyBundle": "policies.create_bundle",
    "GetPolicyDocument": "policies.policy",
    "GetDecisionLogs": "policies.decision_logs",
    "GetDecisionLog": "policies.decision_log",
    "GetDecisionLogPolicyBundle": "policies.decision_log_bundle",
    "MakeDecision": "policies.decide",
    "GetDecisionSettings": "policies.decision_settings",
    "SetDecisionSettings": "policies.set_decision_settings",
}

_BASE = "/owner/{owner_id}/context/{context}"
_BUNDLE = _BASE + "/policy-bundle"
_POLICY = _BUNDLE + "/{policy_name}"
_DECISIONS = _BASE + "/decision"
_SETTINGS = _DECISIONS + "/settings"
_DECISION = _DECISIONS + "/{decision_id}"
_DECISION_BUNDLE = _DECISION + "/policy-bundle"

#: How bundles are decoded: the spec leaves the value type open, so a lone policy object is
#: accepted as well as a list of them.
_RawBundle = dict[str, list[Policy] | Policy]


class Policies(Resource):
    """``cci.policies``: config policies of an owner (organization id) and context.

    ``context`` is the policy context, ``"config"`` for pipeline configuration policies.
    """

    __slots__ = ()

    async def bundle(self, owner_id: str, context: str) -> PolicyBundle:
        """The current policy bundle: policy name → its documents."""
        raw = await self._s.call("GET", _BUNDLE, _RawBundle, path=_base(owner_id, context))
        return _bundle(raw)

    async def create_bundle(
        self,
        owner_id: str,
        context: str,
        *,
        policies: Mapping[str, str] | None = None,
        dry: bool | None = None,
    ) -> BundleUpload:
        """Replace the policy bundle with ``policies`` (policy name → Rego source).

        With ``dry=True`` nothing is stored and the server answers with the diff only. The
        result's ``created`` says whether the bundle was stored (HTTP 201) or only diffed
        (HTTP 200); ``diff`` lists the policies created, modified and deleted.
        """
        if dry is not None and not isinstance(dry, bool):
            raise TypeError(f"dry must be a boolean, got {dry!r}")
        body = codec.build_body(BundlePayload, {"policies": policies})
        resp = await self._s.request(
            "POST",
            _BUNDLE,
            path=_base(owner_id, context),
            params=codec.query(dry=dry),
            json=body,
        )
        return BundleUpload(created=resp.status == 201, diff=resp.decode(BundleDiff))

    async def policy(self, owner_id: str, context: str, policy_name: str) -> Policy:
        """One policy document of the current bundle."""
        path = {**_base(owner_id, context), "policy_name": _seg(policy_name, "policy_name")}
        return await self._s.call("GET", _POLICY, Policy, path=path)

    async def decision_logs(
        self,
        owner_id: str,
        context: str,
        *,
        status: str | None = None,
        after: datetime | str | None = None,
        before: datetime | str | None = None,
        branch: str | None = None,
        project_id: str | None = None,
        build_number: int | str | None = None,
        offset: int | None = None,
    ) -> list[DecisionLog]:
        """One page of decision audit logs, newest first, filtered as given.

        The API pages these by ``offset`` (pass the number of entries already read).
        ``status`` is one of :class:`~circleci_async.models.v2.policies.DecisionStatus`.
        """
        if offset is not None and (
            isinstance(offset, bool) or not isinstance(offset, int) or offset < 0
        ):
            raise ValueError(f"offset must be an integer >= 0, got {offset!r}")
        params: list[tuple[str, str]] = []
        for name, value in (
            ("status", status),
            ("after", _when(after, "after")),
            ("before", _when(before, "before")),
            ("branch", branch),
            ("project_id", project_id),
            ("build_number", build_number),
            ("offset", offset),
        ):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise TypeError(f"{name} must be a string, got {value!r}")
            params.append((name, str(value)))
        return await self._s.call(
            "GET", _DECISIONS, list[DecisionLog], path=_base(owner_id, context), params=params
        )

    async def decision_log(self, owner_id: str, context: str, decision_id: str) -> DecisionLog:
        """One decision audit log entry."""
        return await self._s.call(
            "GET", _DECISION, DecisionLog, path=_decision(owner_id, context, decision_id)
        )

    async def decision_log_bundle(
        self, owner_id: str, context: str, decision_id: str
    ) -> PolicyBundle:
        """The policy bundle a logged decision was made with."""
        raw = await self._s.call(
            "GET", _DECISION_BUNDLE, _RawBundle, path=_decision(owner_id, context, decision_id)
        )
        return _bundle(raw)

    async def decide(
        self,
        owner_id: str,
        context: str,
        *,
        input: str,
        metadata: Mapping[str, Any] | None = None,
    ) -> Decision:
        """Evaluate ``input`` (a config as YAML or JSON text) against the owner's policies."""
        body = codec.build_body(
            MakeDecisionRequest,
            {"input": input, "metadata": metadata},
        )
        return await self._s.call(
            "POST", _DECISIONS, Decision, path=_base(owner_id, context), json=body
        )

    async def decision_settings(self, owner_id: str, context: str) -> DecisionSettings:
        """Whether policy evaluation is enabled."""
        return await self._s.call("GET", _SETTINGS, DecisionSettings, path=_base(owner_id, context))

    async def set_decision_settings(
        self, owner_id: str, context: str, *, enabled: bool | None = None
    ) -> DecisionSettings:
        """Turn policy evaluation on or off."""
        if enabled is not None and not isinstance(enabled, bool):
            raise TypeError(f"enabled must be a boolean, got {enabled!r}")
        body = codec.build_body(DecisionSettingsRequest, {"enabled": enabled})
        return await self._s.call(
            "PATCH", _SETTINGS, DecisionSettings, path=_base(owner_id, context), json=body
        )


def _seg(value: object, name: str) -> str:
    return codec.path_segment(value, name)


def _base(owner_id: str, context: str) -> dict[str, str]:
    return {"owner_id": _seg(owner_id, "owner_id"), "context": _seg(context, "context")}


def _decision(owner_id: str, context: str, decision_id: str) -> dict[str, str]:
    return {**_base(owner_id, context), "decision_id": _seg(decision_id, "decision_id")}


def _when(value: datetime | str | None, name: str) -> str | None:
    """A date-time query value as ISO 8601 (strings must parse as one)."""
    if value is None:
        return None
    if not isinstance(value, datetime | str):
        raise TypeError(f"{name} must be a datetime or an ISO 8601 string, got {value!r}")
    when = codec.convert_arg(value, datetime, name)
    if when.tzinfo is None:
        raise ValueError(f"{name} must carry a timezone (e.g. 2024-05-01T00:00:00Z)")
    return when.isoformat().replace("+00:00", "Z")


def _bundle(raw: dict[str, list[Policy] | Policy]) -> PolicyBundle:
    return {name: docs if isinstance(docs, list) else [docs] for name, docs in raw.items()}
