"""OIDC Token Management area: custom claims of organizations and projects."""

from __future__ import annotations

import re
from collections.abc import Sequence

from circleci_async._http import codec
from circleci_async.models.v2.oidc import ClaimName, OidcClaims, PatchClaimsRequest
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Oidc"]

OPERATIONS = {
    "GetOrgClaims": "oidc.org_claims",
    "PatchOrgClaims": "oidc.update_org_claims",
    "DeleteOrgClaims": "oidc.delete_org_claims",
    "GetProjectClaims": "oidc.project_claims",
    "PatchProjectClaims": "oidc.update_project_claims",
    "DeleteProjectClaims": "oidc.delete_project_claims",
}

_ORG = "/org/{org_id}/oidc-custom-claims"
_PROJECT = "/org/{org_id}/project/{project_id}/oidc-custom-claims"
#: The spec's pattern of a ``ttl``: one to seven ``<number><unit>`` parts (``1h30m``).
_TTL = re.compile(r"^([0-9]+(ms|s|m|h|d|w)){1,7}$")
_CLAIMS = frozenset(c.value for c in ClaimName)


class Oidc(Resource):
    """``cci.oidc``: custom claims of the OIDC tokens of an organization or project."""

    __slots__ = ()

    async def org_claims(self, org_id: str) -> OidcClaims:
        """The organization's custom claims."""
        return await self._s.call("GET", _ORG, OidcClaims, path=_org(org_id))

    async def update_org_claims(
        self, org_id: str, *, audience: Sequence[str] | None = None, ttl: str | None = None
    ) -> OidcClaims:
        """Set the organization's ``audience`` and/or ``ttl`` (e.g. ``"1h"``)."""
        body = _patch(audience, ttl)
        return await self._s.call("PATCH", _ORG, OidcClaims, path=_org(org_id), json=body)

    async def delete_org_claims(self, org_id: str, *, claims: str | Sequence[str]) -> OidcClaims:
        """Delete custom claims of the organization: ``"audience"``, ``"ttl"`` or both."""
        params = [("claims", _claims(claims))]
        return await self._s.call("DELETE", _ORG, OidcClaims, path=_org(org_id), params=params)

    async def project_claims(self, org_id: str, project_id: str) -> OidcClaims:
        """The project's custom claims."""
        return await self._s.call("GET", _PROJECT, OidcClaims, path=_project(org_id, project_id))

    async def update_project_claims(
        self,
        org_id: str,
        project_id: str,
        *,
        audience: Sequence[str] | None = None,
        ttl: str | None = None,
    ) -> OidcClaims:
        """Set the project's ``audience`` and/or ``ttl``."""
        body = _patch(audience, ttl)
        path = _project(org_id, project_id)
        return await self._s.call("PATCH", _PROJECT, OidcClaims, path=path, json=body)

    async def delete_project_claims(
        self, org_id: str, project_id: str, *, claims: str | Sequence[str]
    ) -> OidcClaims:
        """Delete custom claims of the project: ``"audience"``, ``"ttl"`` or both."""
        params = [("claims", _claims(claims))]
        path = _project(org_id, project_id)
        return await self._s.call("DELETE", _PROJECT, OidcClaims, path=path, params=params)


def _org(org_id: str) -> dict[str, str]:
    return {"org_id": codec.path_segment(org_id, "org_id")}


def _project(org_id: str, project_id: str) -> dict[str, str]:
    return {**_org(org_id), "project_id": codec.path_segment(project_id, "project_id")}


def _patch(audience: Sequence[str] | None, ttl: str | None) -> PatchClaimsRequest:
    if isinstance(audience, str):
        raise TypeError("audience must be a list of strings, not a single string")
    body = codec.build_body(
        PatchClaimsRequest,
        {"audience": list(audience) if audience is not None else None, "ttl": ttl},
    )
    if ttl is not None and not _TTL.match(ttl):
        raise ValueError(f"ttl {ttl!r} is not a duration like '1h', '30m' or '1h30m'")
    return body


def _claims(claims: str | Sequence[str]) -> str:
    """Validate the claims to delete and join them with commas."""
    names = claims.split(",") if isinstance(claims, str) else list(claims)
    if not names or not all(isinstance(n, str) for n in names):
        raise TypeError(f"claims must be 'audience', 'ttl' or a list of them, got {claims!r}")
    names = [n.strip() for n in names]
    unknown = [n for n in names if n not in _CLAIMS]
    if unknown:
        raise ValueError(f"claims: unknown claim {unknown[0]!r} (known: audience, ttl)")
    return ",".join(dict.fromkeys(names))
