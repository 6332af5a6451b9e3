"""cci.oidc against the fake server: org and project claims, {"error"} bodies, bad input."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import pytest

from circleci_async import BadRequest, CircleCI, Forbidden, NotFound
from circleci_async.models.v2.oidc import ClaimName, OidcClaims
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

UNKNOWN = "00000000-0000-4000-8000-000000000000"


async def test_org_claims_patch_get_delete(cci: CircleCI, fake: FakeCircleCI) -> None:
    org = fake.data.org_id
    assert await cci.oidc.org_claims(org) == OidcClaims(org_id=org)

    patched = await cci.oidc.update_org_claims(org, audience=["sts.amazonaws.com"], ttl="1h")
    sent = fake.requests_to(r"/api/v2/org/[^/]+/oidc-custom-claims")[-1]
    assert sent.method == "PATCH"
    assert sent.json() == {"audience": ["sts.amazonaws.com"], "ttl": "1h"}
    assert patched.audience == ["sts.amazonaws.com"] and patched.ttl == "1h"
    assert patched.audience_updated_at is not None and patched.ttl_updated_at is not None
    assert await cci.oidc.org_claims(org) == patched

    only_ttl = await cci.oidc.update_org_claims(org, ttl="30m")
    assert fake.requests_to(r"/api/v2/org/[^/]+/oidc-custom-claims")[-1].json() == {"ttl": "30m"}
    assert only_ttl.audience == ["sts.amazonaws.com"] and only_ttl.ttl == "30m"

    after = await cci.oidc.delete_org_claims(org, claims=[ClaimName.AUDIENCE, "ttl"])
    query = parse_qs(fake.requests_to(r"/api/v2/org/[^/]+/oidc-custom-claims")[-1].query)
    assert query == {"claims": ["audience,ttl"]}
    assert after == OidcClaims(org_id=org)


async def test_project_claims_are_separate_from_org_claims(
    cci: CircleCI, fake: FakeCircleCI
) -> None:
    org = fake.data.org_id
    project = fake.data.projects["gh/acme/api"].id
    await cci.oidc.update_org_claims(org, audience=["org-audience"])
    claims = await cci.oidc.update_project_claims(org, project, audience=["a", "b"], ttl="2h")
    assert claims.project_id == project and claims.audience == ["a", "b"]
    assert (await cci.oidc.project_claims(org, project)).ttl == "2h"
    assert (await cci.oidc.org_claims(org)).audience == ["org-audience"]
    remaining = await cci.oidc.delete_project_claims(org, project, claims="ttl")
    assert remaining.audience == ["a", "b"] and remaining.ttl is None


async def test_errors_carry_the_error_key_message(cci: CircleCI, fake: FakeCircleCI) -> None:
    with pytest.raises(Forbidden) as info:
        await cci.oidc.org_claims(UNKNOWN)
    assert info.value.message == "Forbidden: you are not a member of this organization."
    with pytest.raises(NotFound) as nf:
        await cci.oidc.project_claims(fake.data.org_id, UNKNOWN)
    assert nf.value.message == "project not found"
    fake.inject(
        "DELETE",
        r"/api/v2/org/[^/]+/oidc-custom-claims",
        status=400,
        body={"error": "claims: invalid"},
    )
    with pytest.raises(BadRequest) as bad:
        await cci.oidc.delete_org_claims(fake.data.org_id, claims="ttl")
    assert bad.value.message == "claims: invalid"


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [
        (lambda c: c.oidc.org_claims(""), ValueError, "org_id"),
        (lambda c: c.oidc.project_claims("o", None), TypeError, "project_id"),
        (lambda c: c.oidc.update_org_claims("o", ttl="1 hour"), ValueError, "ttl"),
        (lambda c: c.oidc.update_org_claims("o", ttl=60), TypeError, "ttl"),
        (lambda c: c.oidc.update_org_claims("o", audience="aud"), TypeError, "audience"),
        (lambda c: c.oidc.update_org_claims("o", audience=[1]), TypeError, "audience"),
        (lambda c: c.oidc.delete_org_claims("o", claims="issuer"), ValueError, "claims"),
        (lambda c: c.oidc.delete_org_claims("o", claims=[]), TypeError, "claims"),
        (lambda c: c.oidc.delete_project_claims("o", "p", claims=[None]), TypeError, "claims"),
        (lambda c: c.oidc.update_project_claims("", "p", ttl="1h"), ValueError, "org_id"),
    ],
)
async def test_bad_input_fails_before_any_request(
    cci: CircleCI, fake: FakeCircleCI, call: Any, error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await call(cci)
    assert fake.requests == []
