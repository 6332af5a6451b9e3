"""Project area: projects and their settings, checkout keys and environment variables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from circleci_async._http import codec
from circleci_async.models.v2.projects import (
    AdvancedSettingsUpdate,
    CheckoutKey,
    CheckoutKeyDeleted,
    CheckoutKeyInputType,
    CreateCheckoutKeyRequest,
    CreateEnvVarRequest,
    CreateProjectRequest,
    EnvVar,
    EnvVarDeleted,
    Project,
    ProjectDeleted,
    ProjectSettings,
    ProjectSettingsUpdate,
)
from circleci_async.pagination import AsyncPager
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Projects"]

OPERATIONS = {
    "getProjectBySlug": "projects.get",
    "createProject": "projects.create",
    "deleteProjectBySlug": "projects.delete",
    "createProject1": "projects.create_from_repo",
    "getProjectSettings": "projects.settings",
    "patchProjectSettings": "projects.update_settings",
    "listCheckoutKeys": "projects.checkout_keys",
    "createCheckoutKey": "projects.create_checkout_key",
    "getCheckoutKey": "projects.get_checkout_key",
    "deleteCheckoutKey": "projects.delete_checkout_key",
    "listEnvVars": "projects.env_vars",
    "createEnvVar": "projects.create_env_var",
    "getEnvVar": "projects.get_env_var",
    "deleteEnvVar": "projects.delete_env_var",
}

_PROJECT = "/project/{project_slug}"
_CHECKOUT_KEYS = "/project/{project_slug}/checkout-key"
_CHECKOUT_KEY = "/project/{project_slug}/checkout-key/{fingerprint}"
_ENV_VARS = "/project/{project_slug}/envvar"
_ENV_VAR = "/project/{project_slug}/envvar/{name}"
_BY_PARTS = "/project/{provider}/{organization}/{project}"
_SETTINGS = "/project/{provider}/{organization}/{project}/settings"

#: The ``provider`` values the three-segment routes accept.
PROVIDERS = frozenset({"github", "gh", "bitbucket", "bb", "circleci"})
_DIGESTS = frozenset({"md5", "sha256"})


class Projects(Resource):
    """``cci.projects``: projects, their settings, checkout keys and environment variables."""

    __slots__ = ()

    async def get(self, project_slug: str) -> Project:
        """Return a project by slug (``gh/org/repo``)."""
        return await self._s.call("GET", _PROJECT, Project, path=_slug(project_slug))

    async def create(self, org_slug_or_id: str, *, name: str) -> Project:
        """Create a project named ``name`` in an organization (``gh/org`` or its id)."""
        path = {"org_slug_or_id": _org(org_slug_or_id)}
        body = codec.build_body(CreateProjectRequest, {"name": _name(name, "name")})
        return await self._s.call(
            "POST", "/organization/{org_slug_or_id}/project", Project, path=path, json=body
        )

    async def delete(self, project_slug: str) -> ProjectDeleted:
        """Delete a project."""
        return await self._s.call("DELETE", _PROJECT, ProjectDeleted, path=_slug(project_slug))

    async def create_from_repo(
        self, provider: str, organization: str, project: str
    ) -> ProjectSettings:
        """Set up a project for an existing repository; return its default advanced settings.

        Deprecated by CircleCI in favour of :meth:`create`; GitHub OAuth and Bitbucket only.
        """
        path = _parts(provider, organization, project)
        return await self._s.call("POST", _BY_PARTS, ProjectSettings, path=path)

    async def settings(self, provider: str, organization: str, project: str) -> ProjectSettings:
        """Return a project's advanced settings (``provider`` is ``gh``, ``bb``, …)."""
        path = _parts(provider, organization, project)
        return await self._s.call("GET", _SETTINGS, ProjectSettings, path=path)

    async def update_settings(
        self,
        provider: str,
        organization: str,
        project: str,
        *,
        advanced: AdvancedSettingsUpdate | Mapping[str, Any],
    ) -> ProjectSettings:
        """Change some advanced settings; return all of them.

        ``advanced`` is an :class:`AdvancedSettingsUpdate` or a dict such as
        ``{"autocancel_builds": True}``; an unknown setting name raises ``ValueError``.
        """
        path = _parts(provider, organization, project)
        body = codec.build_body(ProjectSettingsUpdate, {"advanced": advanced})
        if codec.encode(body.advanced) == b"{}":
            raise ValueError("advanced: give at least one setting to change")
        return await self._s.call("PATCH", _SETTINGS, ProjectSettings, path=path, json=body)

    # ---- checkout keys ------------------------------------------------------------------
    def checkout_keys(
        self, project_slug: str, *, digest: str | None = None
    ) -> AsyncPager[CheckoutKey]:
        """Checkout keys of a project; ``digest`` (``md5``, ``sha256``) picks the fingerprint."""
        path = _slug(project_slug)
        if digest is not None and digest not in _DIGESTS:
            raise ValueError(f"digest must be 'md5' or 'sha256', got {digest!r}")
        return self._token_pager(
            _CHECKOUT_KEYS, CheckoutKey, path=path, params=codec.query(digest=digest)
        )

    async def create_checkout_key(self, project_slug: str, *, type: str) -> CheckoutKey:
        """Create a checkout key: ``type`` is ``deploy-key`` or ``user-key``."""
        path = _slug(project_slug)
        if not isinstance(type, str) or type not in set(CheckoutKeyInputType):
            raise ValueError(f"type must be 'deploy-key' or 'user-key', got {type!r}")
        body = codec.build_body(CreateCheckoutKeyRequest, {"type": str(type)})
        return await self._s.call("POST", _CHECKOUT_KEYS, CheckoutKey, path=path, json=body)

    async def get_checkout_key(self, project_slug: str, fingerprint: str) -> CheckoutKey:
        """Return a checkout key by fingerprint (md5 ``aa:bb:…`` or ``SHA256:…``)."""
        path = _fingerprint(project_slug, fingerprint)
        return await self._s.call("GET", _CHECKOUT_KEY, CheckoutKey, path=path)

    async def delete_checkout_key(self, project_slug: str, fingerprint: str) -> CheckoutKeyDeleted:
        """Delete a checkout key."""
        path = _fingerprint(project_slug, fingerprint)
        return await self._s.call("DELETE", _CHECKOUT_KEY, CheckoutKeyDeleted, path=path)

    # ---- environment variables ----------------------------------------------------------
    def env_vars(self, project_slug: str) -> AsyncPager[EnvVar]:
        """Environment variables of a project (values masked by the API)."""
        return self._token_pager(_ENV_VARS, EnvVar, path=_slug(project_slug))

    async def create_env_var(self, project_slug: str, *, name: str, value: str) -> EnvVar:
        """Create or replace an environment variable; the answer shows the value masked."""
        path = _slug(project_slug)
        if not isinstance(value, str):
            raise TypeError(f"value must be a string, got {type(value).__name__}")
        body = codec.build_body(CreateEnvVarRequest, {"name": _name(name, "name"), "value": value})
        return await self._s.call("POST", _ENV_VARS, EnvVar, path=path, json=body)

    async def get_env_var(self, project_slug: str, name: str) -> EnvVar:
        """Return an environment variable (value masked)."""
        return await self._s.call("GET", _ENV_VAR, EnvVar, path=_env(project_slug, name))

    async def delete_env_var(self, project_slug: str, name: str) -> EnvVarDeleted:
        """Delete an environment variable."""
        return await self._s.call("DELETE", _ENV_VAR, EnvVarDeleted, path=_env(project_slug, name))


def _slug(project_slug: str) -> dict[str, str]:
    return {"project_slug": codec.project_slug(project_slug)}


def _org(value: object) -> str:
    """An organization slug (``gh/org``) or id, as one path segment."""
    if isinstance(value, str) and "/" in value:
        return codec.org_slug(value, "org_slug_or_id")
    return codec.path_segment(value, "org_slug_or_id")


def _parts(provider: str, organization: str, project: str) -> dict[str, str]:
    if not isinstance(provider, str) or provider not in PROVIDERS:
        raise ValueError(
            f"provider must be one of {', '.join(sorted(PROVIDERS))}, got {provider!r}"
        )
    out = {"provider": provider}
    for name, value in (("organization", organization), ("project", project)):
        out[name] = codec.path_segment(value, name)
        if "/" in str(value):
            raise ValueError(
                f"{name} must be one path segment (CircleCI answers 404 to an escaped slash "
                f"on this route), got {value!r}"
            )
    return out


def _fingerprint(project_slug: str, fingerprint: str) -> dict[str, str]:
    return {**_slug(project_slug), "fingerprint": codec.path_segment(fingerprint, "fingerprint")}


def _env(project_slug: str, name: str) -> dict[str, str]:
    return {**_slug(project_slug), "name": codec.path_segment(_name(name, "name"), "name")}


def _name(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {value!r}")
    if not value.strip():
        raise ValueError(f"{name} must not be empty")
    return value
