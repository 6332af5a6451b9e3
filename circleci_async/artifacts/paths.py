r"""Map untrusted artifact paths onto safe paths inside the destination.

Layout: every artifact goes to ``<dest>/<job>/<node_index>/<path>``, always (also for jobs with
one node), so parallel nodes that store the same path never collide and a job's files are
easy to find. Rules for ``<path>``, applied by :func:`safe_relative_path`:

- ``\`` counts as a separator (paths from Windows executors); empty and ``.`` components are
  dropped, so ``a//./b`` is ``a/b``.
- A leading ``/`` is dropped: absolute paths (v1.1 lists ``/home/circleci/project/x``) land
  under the destination, never at the filesystem root.
- A ``..`` component anywhere, control characters (``\x00``-``\x1f``, ``\x7f``), an empty
  result, or more than :data:`MAX_PATH_BYTES` bytes in total: the file is **skipped** and
  reported as failed with the reason (:class:`UnsafePathError`).
- A component longer than the filesystem allows (:data:`MAX_NAME_BYTES` bytes, leaving room
  for ``.part``) is **rewritten** to a prefix, ``~``, a hash of the full name and the original
  extension, so it stays unique and recognisable.
- A component ending in ``.part`` (optionally followed by ``_`` characters) gets one more
  ``_``, so no final name is ever another file's ``<name>.part`` temporary.
"""

from __future__ import annotations

import hashlib
import re

__all__ = [
    "MAX_NAME_BYTES",
    "MAX_PATH_BYTES",
    "PART_SUFFIX",
    "UnsafePathError",
    "artifact_relpath",
    "safe_relative_path",
]

PART_SUFFIX = ".part"
#: Longest final component in bytes (255, the usual limit, minus room for ``.part``).
MAX_NAME_BYTES = 255 - len(PART_SUFFIX)
#: Longest relative path in bytes (well below PATH_MAX once the destination is prefixed).
MAX_PATH_BYTES = 3072
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PART_NAME = re.compile(r"\.part_*$")
_EXT = re.compile(r"(\.[A-Za-z0-9_-]{1,16})$")


class UnsafePathError(ValueError):
    """An artifact path that cannot be stored safely (it is skipped, never written)."""


def _shorten(name: str) -> str:
    raw = name.encode()
    if len(raw) <= MAX_NAME_BYTES:
        return name
    digest = hashlib.sha256(raw).hexdigest()[:16]
    match = _EXT.search(name)
    ext = match.group(1) if match else ""
    room = MAX_NAME_BYTES - len(ext.encode()) - 1 - len(digest)
    prefix = raw[:room].decode(errors="ignore")
    return f"{prefix}~{digest}{ext}"


def safe_relative_path(path: str) -> str:
    """Return ``path`` as a safe relative POSIX path, or raise :class:`UnsafePathError`."""
    if not isinstance(path, str):
        raise UnsafePathError(f"artifact path must be a string, got {type(path).__name__}")
    if _CONTROL.search(path):
        raise UnsafePathError(f"artifact path {path!r} contains control characters")
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise UnsafePathError(f"artifact path {path!r} contains '..'")
    if not parts:
        raise UnsafePathError(f"artifact path {path!r} is empty")
    parts = [_shorten(p + "_" if _PART_NAME.search(p) else p) for p in parts]
    out = "/".join(parts)
    if len(out.encode()) > MAX_PATH_BYTES:
        raise UnsafePathError(f"artifact path {path[:60]!r}… is longer than {MAX_PATH_BYTES} bytes")
    return out


def artifact_relpath(job: str | int, node_index: int, path: str) -> str:
    """The file's path relative to the destination: ``<job>/<node_index>/<safe path>``."""
    job_text = str(job)
    if not job_text or job_text in (".", "..") or "/" in job_text or "\\" in job_text:
        raise UnsafePathError(f"job {job!r} cannot name a directory")
    if _CONTROL.search(job_text):
        raise UnsafePathError(f"job {job!r} contains control characters")
    if isinstance(node_index, bool) or not isinstance(node_index, int) or node_index < 0:
        raise UnsafePathError(f"node_index must be an integer >= 0, got {node_index!r}")
    return f"{job_text}/{node_index}/{safe_relative_path(path)}"
