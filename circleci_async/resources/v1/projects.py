"""v1.1 project endpoints: followed projects, follow, checkout keys, SSH keys, env vars."""

from __future__ import annotations

import builtins

from circleci_async._http import codec
from circleci_async.models.v1.builds import FollowResult
from circleci_async.models.v1.projects import (
    CheckoutKey,
    CheckoutKeyRequest,
    DeleteSSHKeyRequest,
    EnvVar,
    EnvVarRequest,
    Message,
    Project,
    SSHKeyRequest,
)
from circleci_async.resources._base import Resource
from circleci_async.resources.v1._common import project_path

__all__ = ["OPERATIONS", "Projects"]

_P = "/project/:vcs/:org/:project"
OPERATIONS = {
    "v1.1 GET /projects": "v1.projects.list",
    f"v1.1 POST {_P}/follow": "v1.projects.follow",
    f"v1.1 GET {_P}/checkout-key": "v1.projects.list_checkout_keys",
    f"v1.1 POST {_P}/checkout-key": "v1.projects.create_checkout_key",
    f"v1.1 GET {_P}/checkout-key/:fingerprint": "v1.projects.get_checkout_key",
    f"v1.1 DELETE {_P}/checkout-key/:fingerprint": "v1.projects.delete_checkout_key",
    f"v1.1 POST {_P}/ssh-key": "v1.projects.add_ssh_key",
    f"v1.1 DELETE {_P}/ssh-key": "v1.projects.delete_ssh_key",
    f"v1.1 GET {_P}/envvar": "v1.projects.list_env_vars",
    f"v1.1 POST {_P}/envvar": "v1.projects.create_env_var",
    f"v1.1 GET {_P}/envvar/:name": "v1.projects.get_env_var",
    f"v1.1 DELETE {_P}/envvar/:name": "v1.projects.delete_env_var",
}

_PROJECT = "/project/{vcs}/{org}/{project}"
_KEYS = _PROJECT + "/checkout-key"
_KEY = _KEYS + "/{fingerprint}"
_SSH_KEY = _PROJECT + "/ssh-key"
_VARS = _PROJECT + "/envvar"
_VAR = _VARS + "/{name}"
_DIGESTS = ("md5", "sha256")
_KEY_TYPES = ("deploy-key", "github-user-key")


class Projects(Resource):
    """``cci.v1.projects``: followed projects and project settings (keys, env vars)."""

    __slots__ = ()

    async def list(self) -> builtins.list[Project]:
        """Every project the user follows, with build information per branch."""
        return await self._s.call("GET", "/projects", builtins.list[Project], api="v1.1")

    async def follow(self, project_slug: str) -> FollowResult:
        """Follow a project; ``first_build`` is the build following started, if any."""
        return await self._s.call(
            "POST", _PROJECT + "/follow", FollowResult, path=project_path(project_slug), api="v1.1"
        )

    async def list_checkout_keys(
        self, project_slug: str, *, digest: str | None = None
    ) -> builtins.list[CheckoutKey]:
        """The project's checkout keys.

        ``digest`` picks the fingerprint format: ``md5`` (the default) or ``sha256``.
        """
        if digest is not None and digest not in _DIGESTS:
            raise ValueError(f"digest must be 'md5' or 'sha256', got {digest!r}")
        return await self._s.call(
            "GET",
            _KEYS,
            builtins.list[CheckoutKey],
            path=project_path(project_slug),
            params=codec.query(digest=digest),
            api="v1.1",
        )

    async def create_checkout_key(self, project_slug: str, *, type: str) -> CheckoutKey:
        """Create a checkout key: ``type`` is ``deploy-key`` or ``github-user-key``."""
        if type not in _KEY_TYPES:
            raise ValueError(f"type must be 'deploy-key' or 'github-user-key', got {type!r}")
        body = codec.build_body(CheckoutKeyRequest, {"type": type})
        return await self._s.call(
            "POST", _KEYS, CheckoutKey, path=project_path(project_slug), json=body, api="v1.1"
        )

    async def get_checkout_key(self, project_slug: str, fingerprint: str) -> CheckoutKey:
        """One checkout key by fingerprint (md5 ``c9:0b:…`` or sha256, encoded for you)."""
        return await self._s.call(
            "GET", _KEY, CheckoutKey, path=_key(project_slug, fingerprint), api="v1.1"
        )

    async def delete_checkout_key(self, project_slug: str, fingerprint: str) -> Message:
        """Delete a checkout key; CircleCI answers ``{"message": "ok"}``."""
        return await self._s.call(
            "DELETE", _KEY, Message, path=_key(project_slug, fingerprint), api="v1.1"
        )

    async def add_ssh_key(self, project_slug: str, *, hostname: str, private_key: str) -> None:
        """Add an SSH private key for ``hostname`` to the project (the answer is empty)."""
        body = codec.build_body(SSHKeyRequest, {"hostname": hostname, "private_key": private_key})
        await self._s.request(
            "POST", _SSH_KEY, path=project_path(project_slug), json=body, api="v1.1"
        )

    async def delete_ssh_key(
        self, project_slug: str, *, fingerprint: str, hostname: str | None = None
    ) -> None:
        """Remove an SSH key from the project by fingerprint (the answer is empty)."""
        body = codec.build_body(
            DeleteSSHKeyRequest, {"fingerprint": fingerprint, "hostname": hostname}
        )
        await self._s.request(
            "DELETE", _SSH_KEY, path=project_path(project_slug), json=body, api="v1.1"
        )

    async def list_env_vars(self, project_slug: str) -> builtins.list[EnvVar]:
        """The project's environment variables, values masked (``xxxx`` + last 4 chars)."""
        return await self._s.call(
            "GET", _VARS, builtins.list[EnvVar], path=project_path(project_slug), api="v1.1"
        )

    async def create_env_var(self, project_slug: str, *, name: str, value: str) -> EnvVar:
        """Create (or replace) an environment variable; the answer masks the value."""
        body = codec.build_body(EnvVarRequest, {"name": name, "value": value})
        return await self._s.call(
            "POST", _VARS, EnvVar, path=project_path(project_slug), json=body, api="v1.1"
        )

    async def get_env_var(self, project_slug: str, name: str) -> EnvVar:
        """One environment variable (masked)."""
        return await self._s.call("GET", _VAR, EnvVar, path=_var(project_slug, name), api="v1.1")

    async def delete_env_var(self, project_slug: str, name: str) -> Message:
        """Delete an environment variable; CircleCI answers ``{"message": "ok"}``."""
        return await self._s.call(
            "DELETE", _VAR, Message, path=_var(project_slug, name), api="v1.1"
        )


def _key(project_slug: str, fingerprint: str) -> dict[str, str]:
    path = project_path(project_slug)
    path["fingerprint"] = codec.path_segment(fingerprint, "fingerprint")
    return path


def _var(project_slug: str, name: str) -> dict[str, str]:
    path = project_path(project_slug)
    path["name"] = codec.path_segment(name, "name")
    return path
