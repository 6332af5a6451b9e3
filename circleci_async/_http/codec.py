"""JSON encoding and typed decoding, base Structs, and path-parameter validation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TypeVar, cast
from urllib.parse import quote

import msgspec

from circleci_async.errors import ResponseDecodeError

__all__ = [
    "VCS_TYPES",
    "build_body",
    "decode",
    "encode",
    "org_slug",
    "path_segment",
    "project_slug",
    "query",
    "split_project_slug",
]

T = TypeVar("T")
B = TypeVar("B", bound=msgspec.Struct)

_decoders: dict[Any, msgspec.json.Decoder[Any]] = {}
_encoder = msgspec.json.Encoder()


def encode(value: object) -> bytes:
    """Encode a request body (a Body Struct or plain JSON-like data) to JSON."""
    return _encoder.encode(value)


def decoder(type_: Any) -> msgspec.json.Decoder[Any]:
    """Return the cached decoder for ``type_`` (one per type, built once)."""
    dec = _decoders.get(type_)
    if dec is None:
        dec = _decoders[type_] = msgspec.json.Decoder(type_)
    return dec


def decode(data: bytes, type_: type[T], *, url: str, content_type: str = "") -> T:
    """Decode ``data`` into ``type_``; a mismatch raises ``ResponseDecodeError`` naming the path."""
    try:
        return cast(T, decoder(type_).decode(data))
    except msgspec.ValidationError as exc:
        text = str(exc)
        match = re.search(r" - at `(\$[^`]*)`$", text)
        path = match.group(1) if match else "$"
        raise ResponseDecodeError(
            f"response does not match {_type_name(type_)}: {text}", url=url, path=path
        ) from None
    except msgspec.DecodeError as exc:
        start = data[:40].decode("utf-8", "replace")
        hint = ""
        if start.lstrip().startswith("{:") or "edn" in content_type.lower():
            hint = " (it looks like EDN: the server ignored Accept: application/json)"
        elif not data.strip():
            hint = " (the body is empty)"
        raise ResponseDecodeError(
            f"response is not valid JSON{hint}: {exc}; "
            f"content-type {content_type or 'missing'!r}, body starts {start!r}",
            url=url,
        ) from None


def _type_name(type_: Any) -> str:
    return getattr(type_, "__name__", None) or str(type_)


def build_body(type_: type[B], values: Mapping[str, Any]) -> B:
    """Build request body ``type_`` from keyword arguments named like its Python fields.

    ``None`` means "not given" and is left out. Values may be Structs or plain JSON-like data
    (dicts keyed by the API's field names, ISO 8601 strings for date-times). A value of the
    wrong type raises ``TypeError`` naming the parameter, before any request is made.
    """
    names = {f.name: f.encode_name for f in msgspec.structs.fields(type_)}
    data: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        if key not in names:
            raise TypeError(f"unexpected body field {key!r} for {type_.__name__}")
        data[names[key]] = _jsonable(value)
    return convert_arg(data, type_, "")


def convert_arg(value: Any, type_: type[T], name: str) -> T:
    """Convert a user-supplied argument to ``type_``; errors name the parameter ``name``."""
    try:
        return msgspec.convert(value, type_, strict=False)
    except msgspec.ValidationError as exc:
        text = str(exc)
        match = re.match(r"(.*) - at `\$(?:\.)?([^`]*)`$", text)
        if match:
            detail, where = match.group(1), match.group(2)
            where = (name + "." + where if name and where else where or name) or "value"
        else:
            detail, where = text, name or "value"
        cls = TypeError if detail.startswith("Expected") else ValueError
        raise cls(f"{where}: {detail}") from None


def _jsonable(value: Any) -> Any:
    """Turn Structs nested in containers into plain data so ``convert`` accepts any mix."""
    if isinstance(value, msgspec.Struct):
        return msgspec.to_builtins(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def query(**params: Any) -> list[tuple[str, str]]:
    """Build a query string from keyword arguments.

    Python names map to the API's (``reporting_window`` → ``reporting-window``) unless the
    caller passes the API name through a dict. ``None`` is left out; booleans become
    ``true``/``false``; lists and tuples become repeated keys; dates become ISO 8601.
    """
    out: list[tuple[str, str]] = []
    for key, value in params.items():
        _add_param(out, key.replace("_", "-"), value)
    return out


def _add_param(out: list[tuple[str, str]], key: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        out.append((key, "true" if value else "false"))
    elif isinstance(value, datetime | date):
        out.append((key, value.isoformat()))
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _add_param(out, key, item)
    elif isinstance(value, str | int | float):
        out.append((key, str(value)))
    else:
        raise TypeError(f"{key}: expected a string, number, boolean or list, got {value!r}")


VCS_TYPES = frozenset({"gh", "github", "bb", "bitbucket", "circleci"})
_SEGMENT = re.compile(r"^[^\s/?#%\\]+$")


def split_project_slug(slug: object, name: str = "project_slug") -> tuple[str, str, str]:
    """Validate a project slug ``vcs/org/repo`` and return its three parts.

    ``vcs`` is one of gh, github, bb, bitbucket, circleci. Raises ``ValueError`` naming the slug.
    """
    if not isinstance(slug, str):
        raise TypeError(f"{name} must be a string like 'gh/org/repo', got {slug!r}")
    parts = slug.split("/")
    if (
        len(parts) != 3
        or parts[0] not in VCS_TYPES
        or not all(_SEGMENT.match(p) and p not in (".", "..") for p in parts[1:])
    ):
        raise ValueError(
            f"{name} {slug!r} is not a project slug: expected 'vcs/org/repo' with vcs one of "
            f"{', '.join(sorted(VCS_TYPES))} (for example 'gh/CircleCI-Public/api-preview-docs')"
        )
    return parts[0], parts[1], parts[2]


def project_slug(slug: object, name: str = "project_slug") -> str:
    """Validate a project slug and encode it as one path segment (slashes escaped)."""
    split_project_slug(slug, name)
    return quote(cast(str, slug), safe="")


def org_slug(slug: object, name: str = "org_slug") -> str:
    """Validate an organization slug ``vcs/org`` and encode it as one path segment."""
    if not isinstance(slug, str):
        raise TypeError(f"{name} must be a string like 'gh/org', got {slug!r}")
    parts = slug.split("/")
    if (
        len(parts) != 2
        or parts[0] not in VCS_TYPES
        or not (_SEGMENT.match(parts[1]) and parts[1] not in (".", ".."))
    ):
        raise ValueError(
            f"{name} {slug!r} is not an organization slug: expected 'vcs/org' with vcs one of "
            f"{', '.join(sorted(VCS_TYPES))}"
        )
    return quote(slug, safe="")


def path_segment(value: object, name: str) -> str:
    """Validate one path parameter (non-empty string or int) and percent-encode it."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"{name} must be a string or an integer, got {value!r}")
    text = str(value)
    if not text.strip():
        raise ValueError(f"{name} must not be empty")
    if text in (".", ".."):
        raise ValueError(f"{name} must not be {text!r}")
    return quote(text, safe="")
