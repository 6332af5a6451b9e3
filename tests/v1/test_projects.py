"""cci.v1.projects against the fake server: followed projects, checkout/SSH keys, env vars."""

from __future__ import annotations

import pytest

from circleci_async import BadRequest, CircleCI, NotFound
from circleci_async.models.v1.projects import CheckoutKeyType, Message
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

SLUG = "gh/acme/api"
PROJECT = r"/api/v1\.1/project/gh/acme/api"
PRIVATE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END"


async def test_list_followed_projects_with_branches(cci: CircleCI) -> None:
    projects = await cci.v1.projects.list()
    assert [(p.username, p.reponame) for p in projects] == [
        ("acme", "api"),
        ("acme", "web"),
        ("oss", "lib"),
    ]
    api = projects[0]
    assert api.followed is True and set(api.branches) == {"main", "feature/login"}
    main = api.branches["main"]
    assert len(main.recent_builds) == 5
    numbers = [b.build_num or 0 for b in main.recent_builds]
    assert numbers == sorted(numbers, reverse=True)
    assert main.last_success is not None and main.last_success.outcome == "success"


async def test_follow(cci: CircleCI, fake: FakeCircleCI) -> None:
    fake.data.add_project("gh/acme/new")
    result = await cci.v1.projects.follow("gh/acme/new")
    assert result.followed is True
    assert result.first_build is not None and result.first_build.why == "first-build"
    assert "gh/acme/new" in {f"gh/{p.username}/{p.reponame}" for p in await cci.v1.projects.list()}
    again = await cci.v1.projects.follow("github/acme/new")  # long vcs names work too
    assert again.followed is True and again.first_build is None
    with pytest.raises(NotFound):
        await cci.v1.projects.follow("gh/acme/nope")


async def test_checkout_keys(cci: CircleCI, fake: FakeCircleCI) -> None:
    (seeded,) = await cci.v1.projects.list_checkout_keys(SLUG)
    assert seeded.type == CheckoutKeyType.DEPLOY_KEY and ":" in seeded.fingerprint
    created = await cci.v1.projects.create_checkout_key(SLUG, type="github-user-key")
    assert fake.requests_to(PROJECT + "/checkout-key")[-1].json() == {"type": "github-user-key"}
    assert created.type == "github-user-key" and created.time is not None
    assert len(await cci.v1.projects.list_checkout_keys(SLUG)) == 2

    (sha_key, _) = await cci.v1.projects.list_checkout_keys(SLUG, digest="sha256")
    assert ":" not in sha_key.fingerprint
    assert fake.requests_to(PROJECT + "/checkout-key")[-1].query == "digest=sha256"
    # A sha256 fingerprint is base64 (may hold "/" and "+"): it travels encoded.
    by_sha = await cci.v1.projects.get_checkout_key(SLUG, sha_key.fingerprint)
    assert by_sha.public_key == seeded.public_key
    by_md5 = await cci.v1.projects.get_checkout_key(SLUG, created.fingerprint)
    assert by_md5.fingerprint == created.fingerprint

    deleted = await cci.v1.projects.delete_checkout_key(SLUG, created.fingerprint)
    assert deleted == Message(message="ok")
    with pytest.raises(NotFound):
        await cci.v1.projects.get_checkout_key(SLUG, created.fingerprint)
    with pytest.raises(ValueError, match="deploy-key"):
        await cci.v1.projects.create_checkout_key(SLUG, type="user")
    with pytest.raises(ValueError, match="digest"):
        await cci.v1.projects.list_checkout_keys(SLUG, digest="sha1")


async def test_ssh_keys_have_empty_answers(cci: CircleCI, fake: FakeCircleCI) -> None:
    added = await cci.v1.projects.add_ssh_key(
        SLUG, hostname="git.example.com", private_key=PRIVATE_KEY
    )
    assert added is None
    (request,) = fake.requests_to(PROJECT + "/ssh-key")
    assert request.json() == {"hostname": "git.example.com", "private_key": PRIVATE_KEY}
    (fingerprint,) = fake_ssh_keys(fake)
    removed = await cci.v1.projects.delete_ssh_key(
        SLUG, fingerprint=fingerprint, hostname="git.example.com"
    )
    assert removed is None
    delete = fake.requests_to(PROJECT + "/ssh-key")[-1]
    assert delete.method == "DELETE"
    assert delete.json() == {"fingerprint": fingerprint, "hostname": "git.example.com"}
    assert fake_ssh_keys(fake) == []
    with pytest.raises(BadRequest, match="private key"):
        await cci.v1.projects.add_ssh_key(SLUG, hostname="h", private_key="nope")


def fake_ssh_keys(fake: FakeCircleCI) -> list[str]:
    from circleci_async.testing.routes.v1 import v1_state

    return list(v1_state(fake).ssh_keys.get(SLUG, {}))


async def test_env_vars_are_masked(cci: CircleCI, fake: FakeCircleCI) -> None:
    assert await cci.v1.projects.list_env_vars(SLUG) == []
    created = await cci.v1.projects.create_env_var(SLUG, name="API_TOKEN", value="s3cr3t-9876")
    assert fake.requests_to(PROJECT + "/envvar")[-1].json() == {
        "name": "API_TOKEN",
        "value": "s3cr3t-9876",
    }
    assert (created.name, created.value) == ("API_TOKEN", "xxxx9876")
    await cci.v1.projects.create_env_var(SLUG, name="SHORT", value="abc")
    listed = await cci.v1.projects.list_env_vars(SLUG)
    assert [(v.name, v.value) for v in listed] == [("API_TOKEN", "xxxx9876"), ("SHORT", "xxxx")]
    one = await cci.v1.projects.get_env_var(SLUG, "API_TOKEN")
    assert one.value == "xxxx9876"
    assert await cci.v1.projects.delete_env_var(SLUG, "API_TOKEN") == Message(message="ok")
    with pytest.raises(NotFound):
        await cci.v1.projects.get_env_var(SLUG, "API_TOKEN")
    with pytest.raises(BadRequest, match="name"):
        await cci.v1.projects.create_env_var(SLUG, name="1BAD", value="x")
    with pytest.raises(ValueError, match="name"):
        await cci.v1.projects.get_env_var(SLUG, "")


async def test_secret_bodies_do_not_show_in_repr() -> None:
    from circleci_async.models.v1.projects import EnvVarRequest, SSHKeyRequest
    from circleci_async.models.v1.users import HerokuKeyRequest

    assert "s3cr3t" not in repr(EnvVarRequest(name="A", value="s3cr3t"))
    assert "s3cr3t" not in repr(SSHKeyRequest(hostname="h", private_key="s3cr3t"))
    assert "s3cr3t" not in repr(HerokuKeyRequest(apikey="s3cr3t"))


async def test_private_project_without_token_is_not_found(fake: FakeCircleCI) -> None:
    async with CircleCI(host=fake.url) as anonymous:
        with pytest.raises(NotFound, match="Project not found"):
            await anonymous.v1.projects.list_checkout_keys(SLUG)
        keys = await anonymous.v1.projects.list_checkout_keys("gh/oss/lib")  # open source
        assert len(keys) == 1
