"""Conformance cases: Project (``getProjectBySlug`` is in cases_core)."""

from __future__ import annotations

from circleci_async.models.v2.projects import AdvancedSettingsUpdate, CheckoutKeyInputType

SLUG = "gh/CircleCI-Public/api-preview-docs"
FINGERPRINT = "c9:0b:1c:4f:d5:65:56:b9:ad:88:f9:81:2b:37:74:2f"

CASES = {
    "createProject": lambda c: c.projects.create("gh/CircleCI-Public", name="api-preview-docs"),
    "deleteProjectBySlug": lambda c: c.projects.delete(SLUG),
    "createProject1": lambda c: c.projects.create_from_repo(
        "gh", "CircleCI-Public", "api-preview-docs"
    ),
    "getProjectSettings": lambda c: c.projects.settings(
        "gh", "CircleCI-Public", "api-preview-docs"
    ),
    "patchProjectSettings": lambda c: c.projects.update_settings(
        "gh",
        "CircleCI-Public",
        "api-preview-docs",
        advanced=AdvancedSettingsUpdate(
            autocancel_builds=False, build_prs_only=True, pr_only_branch_overrides=["main"]
        ),
    ),
    "listCheckoutKeys": lambda c: c.projects.checkout_keys(SLUG, digest="sha256").collect(
        max_pages=1
    ),
    "createCheckoutKey": lambda c: c.projects.create_checkout_key(
        SLUG, type=CheckoutKeyInputType.DEPLOY_KEY
    ),
    "getCheckoutKey": lambda c: c.projects.get_checkout_key(SLUG, FINGERPRINT),
    "deleteCheckoutKey": lambda c: c.projects.delete_checkout_key(SLUG, FINGERPRINT),
    "listEnvVars": lambda c: c.projects.env_vars(SLUG).collect(max_pages=1),
    "createEnvVar": lambda c: c.projects.create_env_var(SLUG, name="foo", value="xxxx1234"),
    "getEnvVar": lambda c: c.projects.get_env_var(SLUG, "foo"),
    "deleteEnvVar": lambda c: c.projects.delete_env_var(SLUG, "foo"),
}
