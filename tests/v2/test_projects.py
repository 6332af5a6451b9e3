"""cci.projects against the fake server: projects, settings, checkout keys, env vars."""

from __future__ import annotations

from typing import Any

import pytest

from circleci_async import APIStatusError, BadRequest, CircleCI, Conflict, NotFound, Unauthorized
from circleci_async.models.v2.projects import (
    AdvancedSettingsUpdate,
    CheckoutKeyInputType,
    CheckoutKeyType,
    CreateEnvVarRequest,
)
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

SLUG = "gh/acme/api"


# ---- projects ---------------------------------------------------------------------------


async def test_get(cci: CircleCI, fake: FakeCircleCI) -> None:
    project = await cci.projects.get(SLUG)
    assert project.id == fake.data.projects[SLUG].id
    assert project.organization_slug == "gh/acme"
    assert project.vcs_info.provider == "GitHub"


async def test_create_by_org_slug_then_get_and_delete(cci: CircleCI, fake: FakeCircleCI) -> None:
    created = await cci.projects.create("gh/acme", name="billing")
    sent = fake.requests[-1]
    assert (sent.method, sent.path) == ("POST", "/api/v2/organization/gh%2Facme/project")
    assert sent.json() == {"name": "billing"}
    assert created.slug == "gh/acme/billing" and created.name == "billing"
    assert await cci.projects.get("gh/acme/billing") == created

    deleted = await cci.projects.delete("gh/acme/billing")
    assert deleted.message == "Project deleted."
    with pytest.raises(NotFound, match="Project not found"):
        await cci.projects.get("gh/acme/billing")
    with pytest.raises(NotFound):
        await cci.projects.delete("gh/acme/billing")


async def test_create_by_org_id(cci: CircleCI, fake: FakeCircleCI) -> None:
    created = await cci.projects.create(fake.data.org_id, name="ledger")
    assert fake.requests[-1].path == f"/api/v2/organization/{fake.data.org_id}/project"
    assert created.organization_id == fake.data.org_id


async def test_create_errors_come_from_the_server(cci: CircleCI) -> None:
    with pytest.raises(Conflict, match="already exists"):
        await cci.projects.create("gh/acme", name="api")
    with pytest.raises(NotFound, match="Organization not found"):
        await cci.projects.create("gh/nobody", name="x")
    with pytest.raises(BadRequest, match="Invalid project name"):
        await cci.projects.create("gh/acme", name="has space")


async def test_create_from_repo_returns_default_settings(cci: CircleCI, fake: FakeCircleCI) -> None:
    settings = await cci.projects.create_from_repo("github", "acme", "payments")
    assert fake.requests[-1].path == "/api/v2/project/github/acme/payments"
    assert settings.advanced.set_github_status is True
    assert settings.advanced.pr_only_branch_overrides == ["main"]
    assert (await cci.projects.get("gh/acme/payments")).name == "payments"


async def test_create_from_repo_is_refused_for_circleci_orgs(cci: CircleCI) -> None:
    with pytest.raises(APIStatusError, match="classic Github OAuth") as info:
        await cci.projects.create_from_repo("circleci", "acme", "x")
    assert info.value.status == 405


# ---- settings ---------------------------------------------------------------------------


async def test_settings_use_real_slashes(cci: CircleCI, fake: FakeCircleCI) -> None:
    settings = await cci.projects.settings("gh", "acme", "api")
    assert fake.requests[-1].path == "/api/v2/project/gh/acme/api/settings"
    assert settings.advanced.autocancel_builds is False
    assert settings.advanced.oss is False


async def test_update_settings_sends_only_the_given_settings(
    cci: CircleCI, fake: FakeCircleCI
) -> None:
    updated = await cci.projects.update_settings(
        "gh",
        "acme",
        "api",
        advanced=AdvancedSettingsUpdate(autocancel_builds=True, pr_only_branch_overrides=["dev"]),
    )
    sent = fake.requests[-1]
    assert sent.method == "PATCH"
    assert sent.json() == {
        "advanced": {"autocancel_builds": True, "pr_only_branch_overrides": ["dev"]}
    }
    assert updated.advanced.autocancel_builds is True
    assert updated.advanced.pr_only_branch_overrides == ["dev"]
    assert updated.advanced.set_github_status is True
    assert await cci.projects.settings("gh", "acme", "api") == updated


async def test_update_settings_with_a_dict(cci: CircleCI, fake: FakeCircleCI) -> None:
    updated = await cci.projects.update_settings(
        "gh", "acme", "api", advanced={"disable_ssh": True}
    )
    assert fake.requests[-1].json() == {"advanced": {"disable_ssh": True}}
    assert updated.advanced.disable_ssh is True


async def test_update_settings_server_rules(cci: CircleCI) -> None:
    with pytest.raises(BadRequest, match="'oss' is not settable"):
        await cci.projects.update_settings("gh", "acme", "api", advanced={"oss": True})
    with pytest.raises(BadRequest, match="up to 100 branches"):
        await cci.projects.update_settings(
            "gh", "acme", "api", advanced={"pr_only_branch_overrides": ["b"] * 101}
        )
    public = await cci.projects.update_settings("gh", "oss", "lib", advanced={"oss": True})
    assert public.advanced.oss is True


async def test_settings_of_an_unknown_project(cci: CircleCI) -> None:
    with pytest.raises(NotFound, match="Project not found"):
        await cci.projects.settings("gh", "acme", "nope")


# ---- checkout keys ----------------------------------------------------------------------


async def test_checkout_keys_create_get_delete(cci: CircleCI, fake: FakeCircleCI) -> None:
    (seeded,) = await cci.projects.checkout_keys(SLUG)
    assert seeded.type == CheckoutKeyType.DEPLOY_KEY and seeded.preferred is True
    assert seeded.public_key.startswith("ssh-ed25519 ")
    assert seeded.created_at is not None

    created = await cci.projects.create_checkout_key(SLUG, type=CheckoutKeyInputType.USER_KEY)
    sent = fake.requests[-1]
    assert (sent.method, sent.path) == ("POST", "/api/v2/project/gh%2Facme%2Fapi/checkout-key")
    assert sent.json() == {"type": "user-key"}
    assert created.type == "github-user-key" and created.preferred is False
    assert await cci.projects.get_checkout_key(SLUG, created.fingerprint) == created

    deleted = await cci.projects.delete_checkout_key(SLUG, seeded.fingerprint)
    assert deleted.message
    (left,) = await cci.projects.checkout_keys(SLUG)
    assert left.fingerprint == created.fingerprint and left.preferred is True
    with pytest.raises(NotFound, match="Checkout key not found"):
        await cci.projects.get_checkout_key(SLUG, seeded.fingerprint)


async def test_checkout_keys_sha256_digest(cci: CircleCI, fake: FakeCircleCI) -> None:
    md5 = await cci.projects.checkout_keys(SLUG).first()
    (sha,) = await cci.projects.checkout_keys(SLUG, digest="sha256")
    assert fake.requests[-1].query == "digest=sha256"
    assert md5 is not None and md5.public_key == sha.public_key
    assert sha.fingerprint.startswith("SHA256:") and ":" in md5.fingerprint
    assert await cci.projects.get_checkout_key(SLUG, sha.fingerprint) == sha


async def test_checkout_keys_page(cci: CircleCI, fake: FakeCircleCI) -> None:
    fake.page_size = 2
    for _ in range(4):
        await cci.projects.create_checkout_key(SLUG, type="deploy-key")
    pages = [page async for page in cci.projects.checkout_keys(SLUG).pages()]
    assert [len(p) for p in pages] == [2, 2, 1]
    listing = fake.requests_to(r"/api/v2/project/[^/]+/checkout-key")
    assert [("page-token" in r.query) for r in listing if r.method == "GET"] == [
        False,
        True,
        True,
    ]
    assert len({k.fingerprint for p in pages for k in p}) == 5


# ---- environment variables --------------------------------------------------------------


async def test_env_vars_are_masked(cci: CircleCI) -> None:
    names = {v.name: v.value for v in await cci.projects.env_vars(SLUG)}
    assert names["AWS_REGION"] == "xxxxst-1"
    assert set(names) == {"AWS_REGION", "API_KEY"}


async def test_env_var_create_get_delete(cci: CircleCI, fake: FakeCircleCI) -> None:
    created = await cci.projects.create_env_var(SLUG, name="DEPLOY_TOKEN", value="s3cr3t-value")
    assert fake.requests[-1].json() == {"name": "DEPLOY_TOKEN", "value": "s3cr3t-value"}
    assert created.name == "DEPLOY_TOKEN" and created.value == "xxxxalue"
    assert created.created_at
    got = await cci.projects.get_env_var(SLUG, "DEPLOY_TOKEN")
    assert got == created
    assert fake.requests[-1].path == "/api/v2/project/gh%2Facme%2Fapi/envvar/DEPLOY_TOKEN"
    assert (await cci.projects.delete_env_var(SLUG, "DEPLOY_TOKEN")).message
    with pytest.raises(NotFound, match="Environment variable not found"):
        await cci.projects.get_env_var(SLUG, "DEPLOY_TOKEN")
    with pytest.raises(NotFound):
        await cci.projects.delete_env_var(SLUG, "DEPLOY_TOKEN")


async def test_env_var_bad_name_is_refused_by_the_server(cci: CircleCI) -> None:
    with pytest.raises(BadRequest, match="Invalid environment variable name"):
        await cci.projects.create_env_var(SLUG, name="1-BAD", value="x")


async def test_env_vars_page(cci: CircleCI, fake: FakeCircleCI) -> None:
    fake.page_size = 3
    for i in range(5):
        await cci.projects.create_env_var(SLUG, name=f"VAR_{i}", value=f"value-{i}")
    pager = cci.projects.env_vars(SLUG)
    assert [len(p) async for p in pager.pages()] == [3, 3, 1]
    assert len(await pager.collect()) == 7


def test_env_var_request_repr_hides_the_value() -> None:
    request = CreateEnvVarRequest(name="TOKEN", value="hunter2")
    assert "hunter2" not in repr(request) and "TOKEN" in repr(request)


async def test_project_extras_need_a_token(fake: FakeCircleCI) -> None:
    async with CircleCI(host=fake.url, token="") as anonymous:
        with pytest.raises(Unauthorized, match="log in"):
            await anonymous.projects.env_vars("gh/oss/lib").collect()


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [
        (lambda c: c.projects.create("gh/acme", name=""), ValueError, "name"),
        (lambda c: c.projects.create("", name="x"), ValueError, "org_slug_or_id"),
        (lambda c: c.projects.create("zz/acme", name="x"), ValueError, "org_slug_or_id"),
        (lambda c: c.projects.delete("acme/api"), ValueError, "project_slug"),
        (lambda c: c.projects.settings("gitlab", "acme", "api"), ValueError, "provider"),
        (lambda c: c.projects.settings("gh", "", "api"), ValueError, "organization"),
        (lambda c: c.projects.create_from_repo("gh", "acme", "a/b"), ValueError, "project"),
        (
            lambda c: c.projects.update_settings("gh", "a", "b", advanced={"oss": "yes"}),
            TypeError,
            r"advanced\.oss",
        ),
        (
            lambda c: c.projects.update_settings("gh", "a", "b", advanced={"autocancel": True}),
            ValueError,
            "autocancel",
        ),
        (lambda c: c.projects.update_settings("gh", "a", "b", advanced={}), ValueError, "advanced"),
        (lambda c: c.projects.checkout_keys(SLUG, digest="sha1"), ValueError, "digest"),
        (lambda c: c.projects.create_checkout_key(SLUG, type="rsa"), ValueError, "type"),
        (lambda c: c.projects.create_checkout_key(SLUG, type=["user-key"]), ValueError, "type"),
        (lambda c: c.projects.get_checkout_key(SLUG, ""), ValueError, "fingerprint"),
        (lambda c: c.projects.create_env_var(SLUG, name="A", value=5), TypeError, "value"),
        (lambda c: c.projects.create_env_var(SLUG, name=None, value="v"), TypeError, "name"),
        (lambda c: c.projects.get_env_var(SLUG, " "), ValueError, "name"),
        (lambda c: c.projects.delete_env_var("gh/acme", "A"), ValueError, "project_slug"),
    ],
)
async def test_bad_input_fails_before_any_request(
    cci: CircleCI, fake: FakeCircleCI, call: Any, error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await call(cci)
    assert fake.requests == []
