"""Which hosts may receive the token, and the header that carries it."""

from __future__ import annotations

import base64
import functools
import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from circleci_async.config import AuthScheme

__all__ = ["HostTrust", "auth_header", "is_loopback", "normalize_host"]

ARTIFACT_HOST_SUFFIX = "circle-artifacts.com"


@functools.lru_cache(maxsize=256)
def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (``localhost`` or a loopback address)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_host(host: str) -> str:
    """Validate and normalise a base URL such as ``https://circleci.com`` (no trailing slash).

    Raises ``ValueError`` naming the problem: a missing scheme, a path, or plain ``http`` to a
    host that is not loopback (the token would travel in clear text).
    """
    raw = host.strip()
    if "://" not in raw:
        raise ValueError(f"host must be a URL such as https://circleci.com, got {host!r}")
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"host must be an http(s) URL with a host name, got {host!r}")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValueError(f"host must not carry credentials, a query or a fragment, got {host!r}")
    if parts.path.strip("/"):
        raise ValueError(f"host must not have a path (the API paths are added), got {host!r}")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValueError(f"host must use https (plain http only for loopback), got {host!r}")
    return f"{parts.scheme}://{parts.netloc}"


class HostTrust:
    """Decides per URL whether the token may be attached.

    Trusted: the API host itself and ``*.circle-artifacts.com``, plus any extra names, by host
    name (not port), suffix-matched on a dot boundary; only over https, except loopback.
    """

    __slots__ = ("_exact", "_suffixes")

    def __init__(self, api_host: str, extra: Iterable[str] = ()) -> None:
        name = urlsplit(api_host).hostname or ""
        self._exact = frozenset({name.lower()})
        self._suffixes = tuple(
            {ARTIFACT_HOST_SUFFIX, *(h.strip().lower().lstrip(".") for h in extra if h.strip())}
        )

    def allows(self, url: str) -> bool:
        """Whether a request to ``url`` may carry the token."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not host:
            return False
        if parts.scheme != "https" and not (parts.scheme == "http" and is_loopback(host)):
            return False
        if host in self._exact:
            return True
        return any(host == s or host.endswith("." + s) for s in self._suffixes)


def auth_header(scheme: AuthScheme, token: str) -> tuple[str, str]:
    """Return the (name, value) header that carries ``token`` with ``scheme``."""
    if scheme == "basic":
        return "Authorization", "Basic " + base64.b64encode(f"{token}:".encode()).decode()
    if scheme == "bearer":
        return "Authorization", f"Bearer {token}"
    return "Circle-Token", token
