"""Conformance cases: Organization."""

from __future__ import annotations

from circleci_async.models.v2.organizations import OrgVcsType, UrlOrbAuth

ORG = "gh/CircleCI-Public"
ENTRY_ID = "ba98990a-5a00-4cad-b55e-b44117b92e0c"

CASES = {
    "createOrganization": lambda c: c.organizations.create(
        name="CircleCI-Public", vcs_type=OrgVcsType.GITHUB
    ),
    "deleteOrganization": lambda c: c.organizations.delete(ORG),
    "listURLOrbAllowListEntries": lambda c: c.organizations.url_orb_allow_list(ORG),
    "createURLOrbAllowListEntry": lambda c: c.organizations.create_url_orb_allow_list_entry(
        ORG,
        name="Allow URL orbs from raw.githubusercontent.com/CircleCI-Public",
        prefix="https://raw.githubusercontent.com/CircleCI-Public/orbs/refs/heads/main/",
        auth=UrlOrbAuth.GITHUB_APP,
    ),
    "removeURLOrbAllowListEntry": lambda c: c.organizations.delete_url_orb_allow_list_entry(
        ORG, ENTRY_ID
    ),
}
