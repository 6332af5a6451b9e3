"""Context area: contexts, their environment variables and restrictions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from circleci_async._http import codec
from circleci_async.models._base import Message
from circleci_async.models.v2.contexts import (
    Context,
    ContextEnvVar,
    ContextOwner,
    ContextRestriction,
    CreateContextRequest,
    CreateRestrictionRequest,
    SetEnvVarRequest,
)
from circleci_async.pagination import AsyncPager
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Contexts"]

OPERATIONS = {
    "listContexts": "contexts.list",
    "createContext": "contexts.create",
    "getContext": "contexts.get",
    "deleteContext": "contexts.delete",
    "listEnvironmentVariablesFromContext": "contexts.env_vars",
    "addEnvironmentVariableToContext": "contexts.set_env_var",
    "deleteEnvironmentVariableFromContext": "contexts.delete_env_var",
    "getContextRestrictions": "contexts.restrictions",
    "createContextRestriction": "contexts.create_restriction",
    "deleteContextRestriction": "contexts.delete_restriction",
}

_ONE = "/context/{context_id}"
_ENV_VARS = "/context/{context_id}/environment-variable"
_ENV_VAR = "/context/{context_id}/environment-variable/{env_var_name}"
_RESTRICTIONS = "/context/{context_id}/restrictions"
_RESTRICTION = "/context/{context_id}/restrictions/{restriction_id}"


class Contexts(Resource):
    """``cci.contexts``: contexts of an organization, their variables and restrictions."""

    __slots__ = ()

    def list(
        self,
        *,
        owner_id: str | None = None,
        owner_slug: str | None = None,
        owner_type: str | None = None,
    ) -> AsyncPager[Context]:
        """Contexts of an owner, given by ``owner_id`` or ``owner_slug`` (``gh/org``).

        ``owner_type`` is ``organization`` (the default) or ``account`` (CircleCI server).
        """
        if (owner_id is None) == (owner_slug is None):
            raise ValueError("give exactly one of owner_id and owner_slug")
        if owner_id is not None:
            codec.path_segment(owner_id, "owner_id")
        if owner_slug is not None:
            codec.org_slug(owner_slug, "owner_slug")
        if owner_type is not None and not isinstance(owner_type, str):
            raise TypeError(f"owner_type must be a string, got {owner_type!r}")
        params = codec.query(owner_id=owner_id, owner_slug=owner_slug, owner_type=owner_type)
        return self._token_pager("/context", Context, params=params)

    async def create(self, *, name: str, owner: ContextOwner | Mapping[str, Any]) -> Context:
        """Create a context.

        ``owner`` is ``{"id": org_id}`` or ``{"slug": "gh/org"}`` (optionally with ``"type"``),
        or a :class:`~circleci_async.models.v2.contexts.ContextOwner`.
        """
        body = codec.build_body(CreateContextRequest, {"name": name, "owner": owner})
        if not body.name.strip():
            raise ValueError("name must not be empty")
        has_id = body.owner.id is not msgspec.UNSET
        if has_id == (body.owner.slug is not msgspec.UNSET):
            raise ValueError("owner: give exactly one of 'id' and 'slug'")
        if body.owner.slug is not msgspec.UNSET:
            codec.org_slug(body.owner.slug, "owner.slug")
        return await self._s.call("POST", "/context", Context, json=body)

    async def get(self, context_id: str) -> Context:
        """Return a context."""
        return await self._s.call("GET", _ONE, Context, path=_ctx(context_id))

    async def delete(self, context_id: str) -> Message:
        """Delete a context and its environment variables."""
        return await self._s.call("DELETE", _ONE, Message, path=_ctx(context_id))

    def env_vars(self, context_id: str) -> AsyncPager[ContextEnvVar]:
        """Environment variables of a context (names and dates; values are never returned)."""
        return self._token_pager(_ENV_VARS, ContextEnvVar, path=_ctx(context_id))

    async def set_env_var(
        self, context_id: str, env_var_name: str, *, value: str
    ) -> ContextEnvVar | Message:
        """Add an environment variable to a context, or replace its value.

        Returns the variable; a server that answers with only a message gives a ``Message``.
        """
        path = {**_ctx(context_id), "env_var_name": _env_var_name(env_var_name)}
        body = codec.build_body(SetEnvVarRequest, {"value": value})
        resp = await self._s.request("PUT", _ENV_VAR, path=path, json=body)
        data = resp.decode(dict[str, Any])
        if "variable" not in data and "message" in data:
            return codec.convert_arg(data, Message, "")
        return resp.decode(ContextEnvVar)

    async def delete_env_var(self, context_id: str, env_var_name: str) -> Message:
        """Remove an environment variable from a context."""
        path = {**_ctx(context_id), "env_var_name": _env_var_name(env_var_name)}
        return await self._s.call("DELETE", _ENV_VAR, Message, path=path)

    def restrictions(self, context_id: str) -> AsyncPager[ContextRestriction]:
        """Restrictions of a context (project, expression and group restrictions)."""
        return self._token_pager(_RESTRICTIONS, ContextRestriction, path=_ctx(context_id))

    async def create_restriction(
        self, context_id: str, *, restriction_type: str, restriction_value: str
    ) -> ContextRestriction:
        """Restrict a context.

        ``restriction_type`` is one of
        :class:`~circleci_async.models.v2.contexts.RestrictionType`; ``restriction_value`` is a
        project id, an expression (``pipeline.git.branch == "main"``) or a group id.
        """
        body = codec.build_body(
            CreateRestrictionRequest,
            {"restriction_type": restriction_type, "restriction_value": restriction_value},
        )
        for name in ("restriction_type", "restriction_value"):
            if not getattr(body, name).strip():
                raise ValueError(f"{name} must not be empty")
        return await self._s.call(
            "POST", _RESTRICTIONS, ContextRestriction, path=_ctx(context_id), json=body
        )

    async def delete_restriction(self, context_id: str, restriction_id: str) -> Message:
        """Remove a restriction from a context."""
        path = {
            **_ctx(context_id),
            "restriction_id": codec.path_segment(restriction_id, "restriction_id"),
        }
        return await self._s.call("DELETE", _RESTRICTION, Message, path=path)


def _ctx(context_id: str) -> dict[str, str]:
    return {"context_id": codec.path_segment(context_id, "context_id")}


def _env_var_name(name: str) -> str:
    return codec.path_segment(name, "env_var_name")
