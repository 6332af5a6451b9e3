"""Conformance cases: OIDC Token Management."""

from __future__ import annotations

ORG_ID = "b9291e0d-a11e-41fb-8517-c545388b5953"
PROJECT_ID = "405d8375-3514-403b-8c43-83ae74cfe0e9"
AUDIENCE = ["sts.amazonaws.com", "https://vault.example.com"]

CASES = {
    "GetOrgClaims": lambda c: c.oidc.org_claims(ORG_ID),
    "PatchOrgClaims": lambda c: c.oidc.update_org_claims(ORG_ID, audience=AUDIENCE, ttl="1h"),
    "DeleteOrgClaims": lambda c: c.oidc.delete_org_claims(ORG_ID, claims=["audience", "ttl"]),
    "GetProjectClaims": lambda c: c.oidc.project_claims(ORG_ID, PROJECT_ID),
    "PatchProjectClaims": lambda c: c.oidc.update_project_claims(
        ORG_ID, PROJECT_ID, audience=AUDIENCE, ttl="30m"
    ),
    "DeleteProjectClaims": lambda c: c.oidc.delete_project_claims(
        ORG_ID, PROJECT_ID, claims="audience"
    ),
}
