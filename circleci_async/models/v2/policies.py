"""Models of the Policy Management area: policy bundles, decisions and their audit logs."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import msgspec

from circleci_async.models._base import Body, Model

__all__ = [
    "BundleDiff",
    "BundlePayload",
    "BundleUpload",
    "Decision",
    "DecisionLog",
    "DecisionMetadata",
    "DecisionSettings",
    "DecisionSettingsRequest",
    "DecisionStatus",
    "DecisionVcs",
    "MakeDecisionRequest",
    "Policy",
    "PolicyBundle",
    "Violation",
]


class DecisionStatus(StrEnum):
    """Known outcomes of a policy decision; ``status`` fields accept new values too."""

    PASS = "PASS"
    SOFT_FAIL = "SOFT_FAIL"
    HARD_FAIL = "HARD_FAIL"
    ERROR = "ERROR"


class Policy(Model):
    """A policy document of a bundle (Rego source in ``content``)."""

    name: str | None = None
    content: str | None = None
    created_at: datetime | None = None
    created_by: str | None = None


#: A policy bundle: policy name → its documents.
PolicyBundle = dict[str, list[Policy]]


class BundleDiff(Model):
    """Names of the policies a bundle upload creates, deletes and modifies."""

    created: list[str] = msgspec.field(default_factory=list)
    deleted: list[str] = msgspec.field(default_factory=list)
    modified: list[str] = msgspec.field(default_factory=list)


class BundleUpload(msgspec.Struct, frozen=True, kw_only=True):
    """What ``policies.create_bundle`` did.

    ``created`` is ``True`` when the bundle was stored (HTTP 201), ``False`` when the server
    only answered with the diff it would apply (HTTP 200, e.g. a dry run).
    """

    created: bool
    diff: BundleDiff


class Violation(Model):
    """A policy rule a configuration broke, and why."""

    rule: str | None = None
    reason: str | None = None


class Decision(Model):
    """The outcome of evaluating input against the owner's policies."""

    status: str | None = None
    """One of :class:`DecisionStatus` (or a new value)."""
    reason: str | None = None
    enabled_rules: list[str] = msgspec.field(default_factory=list)
    hard_failures: list[Violation] = msgspec.field(default_factory=list)
    soft_failures: list[Violation] = msgspec.field(default_factory=list)


class DecisionVcs(Model):
    """VCS details of the pipeline a decision was made for."""

    branch: str | None = None
    release_tag: str | None = None
    origin_repository_url: str | None = None
    target_repository_url: str | None = None


class DecisionMetadata(Model):
    """What a decision was made for."""

    project_id: str | None = None
    build_number: int | None = None
    ssh_rerun: bool | None = None
    vcs: DecisionVcs | None = None


class DecisionLog(Model):
    """An audit-log entry: one decision, its input's metadata and the policies' hashes."""

    id: str | None = None
    created_at: datetime | None = None
    decision: Decision | None = None
    metadata: DecisionMetadata | None = None
    policies: dict[str, str] = msgspec.field(default_factory=dict)
    """Policy name → hash of the policy document used."""
    time_taken_ms: int | None = None


class DecisionSettings(Model):
    """Whether policy evaluation is enabled for an owner and context."""

    enabled: bool | None = None


class BundlePayload(Body):
    """Body of ``policies.create_bundle``: policy name → Rego source."""

    policies: dict[str, str] | msgspec.UnsetType = msgspec.UNSET


class MakeDecisionRequest(Body):
    """Body of ``policies.decide``."""

    input: str
    metadata: dict[str, Any] | msgspec.UnsetType = msgspec.UNSET


class DecisionSettingsRequest(Body):
    """Body of ``policies.set_decision_settings``."""

    enabled: bool | msgspec.UnsetType = msgspec.UNSET
