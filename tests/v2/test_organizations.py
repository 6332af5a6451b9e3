"""cci.organizations against the fake server: create/delete, URL orb allow-list, bad input."""

from __future__ import annotations

from typing import Any

import pytest

from circleci_async import CircleCI, Conflict, NotFound
from circleci_async.models._base import Message
from circleci_async.models.v2.organizations import (
    Organization,
    OrgVcsType,
    UrlOrbAllowListChange,
    UrlOrbAllowListEntry,
    UrlOrbAuth,
)
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

PREFIX = "https://raw.githubusercontent.com/CircleCI-Public/orbs/refs/heads/main/"


async def test_create_and_delete_standalone_org(cci: CircleCI, fake: FakeCircleCI) -> None:
    org = await cci.organizations.create(name="Skunkworks", vcs_type=OrgVcsType.CIRCLECI)
    sent = fake.requests_to(r"/api/v2/organization")[-1]
    assert sent.method == "POST" and sent.json() == {"name": "Skunkworks", "vcs_type": "circleci"}
    assert org == Organization(
        id=org.id, name="Skunkworks", slug=f"circleci/{org.id}", vcs_type="circleci"
    )
    assert org.id is not None
    # usable by id right away
    assert await cci.organizations.url_orb_allow_list(org.id) == []
    deleted = await cci.organizations.delete(org.id)
    assert deleted == Message(message="Organization deletion has been scheduled.")
    with pytest.raises(NotFound) as info:
        await cci.organizations.delete(org.id)
    assert info.value.message == "Organization not found."


async def test_create_vcs_org_then_delete_by_slug(cci: CircleCI, fake: FakeCircleCI) -> None:
    org = await cci.organizations.create(name="widgets", vcs_type="github")
    assert org.slug == "gh/widgets"
    with pytest.raises(Conflict):
        await cci.organizations.create(name="widgets", vcs_type="github")
    await cci.organizations.delete("gh/widgets")
    # the slug travels as one escaped path segment
    assert fake.requests_to(r"/api/v2/organization/gh%2Fwidgets")[0].method == "DELETE"
    with pytest.raises(NotFound):
        await cci.organizations.delete("gh/widgets")


async def test_url_orb_allow_list_crud(cci: CircleCI, fake: FakeCircleCI) -> None:
    for key in (fake.data.org_id, "gh/acme", "github/acme"):
        assert await cci.organizations.url_orb_allow_list(key) == []
    added = await cci.organizations.create_url_orb_allow_list_entry(
        "gh/acme", name="CircleCI public orbs", prefix=PREFIX, auth=UrlOrbAuth.NONE
    )
    assert isinstance(added, UrlOrbAllowListChange) and added.message == "Created."
    sent = fake.requests_to(r"/api/v2/organization/gh%2Facme/url-orb-allow-list")[-1]
    assert sent.json() == {"name": "CircleCI public orbs", "prefix": PREFIX, "auth": "none"}
    entries = await cci.organizations.url_orb_allow_list(fake.data.org_id)
    assert entries == [
        UrlOrbAllowListEntry(id=added.id, name="CircleCI public orbs", prefix=PREFIX, auth="none")
    ]
    with pytest.raises(Conflict):
        await cci.organizations.create_url_orb_allow_list_entry(
            fake.data.org_id, name="again", prefix=PREFIX, auth="github-app"
        )
    assert added.id is not None
    removed = await cci.organizations.delete_url_orb_allow_list_entry("gh/acme", added.id)
    assert removed == UrlOrbAllowListChange(id=added.id, message="Deleted.")
    assert await cci.organizations.url_orb_allow_list("gh/acme") == []
    with pytest.raises(NotFound) as info:
        await cci.organizations.delete_url_orb_allow_list_entry("gh/acme", added.id)
    assert info.value.message == "Allow-list entry not found."


async def test_unknown_org_is_not_found(cci: CircleCI) -> None:
    for call in (
        cci.organizations.url_orb_allow_list("gh/nobody"),
        cci.organizations.url_orb_allow_list("00000000-0000-4000-8000-000000000000"),
        cci.organizations.create_url_orb_allow_list_entry(
            "gh/nobody", name="n", prefix=PREFIX, auth="none"
        ),
        cci.organizations.delete("bb/nobody"),
    ):
        with pytest.raises(NotFound):
            await call


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [
        (lambda c: c.organizations.create(name="", vcs_type="github"), ValueError, "name"),
        (lambda c: c.organizations.create(name="n", vcs_type=1), TypeError, "vcs_type"),
        (lambda c: c.organizations.delete(""), ValueError, "org_slug_or_id"),
        (lambda c: c.organizations.delete("gh/a/b"), ValueError, "org_slug_or_id"),
        (lambda c: c.organizations.url_orb_allow_list(None), TypeError, "org_slug_or_id"),
        (
            lambda c: c.organizations.create_url_orb_allow_list_entry(
                "gh/a", name="n", prefix=" ", auth="none"
            ),
            ValueError,
            "prefix",
        ),
        (
            lambda c: c.organizations.create_url_orb_allow_list_entry(
                "gh/a", name="n", prefix=PREFIX, auth=None
            ),
            ValueError,
            "auth",
        ),
        (
            lambda c: c.organizations.delete_url_orb_allow_list_entry("gh/a", ""),
            ValueError,
            "allow_list_entry_id",
        ),
    ],
)
async def test_bad_input_fails_before_any_request(
    cci: CircleCI, fake: FakeCircleCI, call: Any, error: type[Exception], names: str
) -> None:
    with pytest.raises(error, match=names):
        await call(cci)
    assert fake.requests == []
