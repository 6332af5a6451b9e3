"""The fake artifact host (302 to storage) and storage host (bytes, ``Range``, faults)."""

from __future__ import annotations

import re
from urllib.parse import quote

from aiohttp import web

from circleci_async.testing._web import ApiError, fake_of
from circleci_async.testing.data import blob_bytes

__all__ = ["register_artifacts", "register_storage"]

_CHUNK = 1 << 20
_RANGE = re.compile(r"^bytes=(\d+)-(\d*)$")


async def artifact(request: web.Request) -> web.StreamResponse:
    """``/output/job/{job_id}/artifacts/{node}/{key}``: check access, then 302 to storage."""
    fake = fake_of(request)
    job = fake.data.jobs.get(request.match_info["job_id"])
    item = fake.data.artifacts_by_key.get(request.match_info["key"])
    if job is None or item is None or item not in job.artifacts:
        raise ApiError(404, "Not found")
    project = fake.data.projects[job.project_slug]
    user, _ = fake.user_for(request)
    if not project.public and user is None:
        raise ApiError(401, "You must log in first.")
    hops = int(request.match_info.get("hop", "0"))
    if hops < fake.faults.artifact_redirect_hops:
        info = request.match_info
        target = (
            f"/hop/{hops + 1}/output/job/{info['job_id']}/artifacts/{info['node']}"
            f"/{quote(item.key, safe='')}"
        )
    else:
        signature = f"{fake.random.getrandbits(64):016x}"
        target = (
            f"{fake.storage_url}/blob/{quote(item.key, safe='')}"
            f"?X-Amz-Expires=60&X-Amz-Signature={signature}"
        )
    return web.Response(status=302, headers={"Location": target})


async def blob(request: web.Request) -> web.StreamResponse:
    """Serve an artifact's bytes with ``Content-Length`` and ``Range``; inject faults."""
    fake = fake_of(request)
    faults = fake.faults
    item = fake.data.artifacts_by_key.get(request.match_info["key"])
    if item is None:
        return web.Response(status=404, text="NoSuchKey")
    rng = fake.random
    if faults.storage_error_rate and rng.random() < faults.storage_error_rate:
        return web.Response(status=503, text="SlowDown")
    size = item.size
    start, end, status = 0, size, 200
    header = request.headers.get("Range")
    if header and faults.storage_ranges:
        match = _RANGE.match(header.strip())
        if match:
            start = int(match.group(1))
            if match.group(2):
                end = min(size, int(match.group(2)) + 1)
            if start >= size or start >= end:
                return web.Response(status=416, headers={"Content-Range": f"bytes */{size}"})
            status = 206
    resp = web.StreamResponse(status=status)
    resp.content_type = "application/octet-stream"
    resp.content_length = end - start
    resp.headers["Accept-Ranges"] = "bytes" if faults.storage_ranges else "none"
    resp.headers["ETag"] = f'"{item.key}"'
    if status == 206:
        resp.headers["Content-Range"] = f"bytes {start}-{end - 1}/{size}"
    await resp.prepare(request)
    cut: int | None = None
    mode = ""
    if end - start > 1:
        if faults.reset_rate and rng.random() < faults.reset_rate:
            mode = "reset"
        elif faults.truncate_rate and rng.random() < faults.truncate_rate:
            mode = "truncate"
        if mode:
            cut = start + rng.randint(1, end - start - 1)
    stop = end if cut is None else cut
    pos = start
    while pos < stop:
        chunk_end = min(pos + _CHUNK, stop)
        await resp.write(blob_bytes(item.key, pos, chunk_end))
        pos = chunk_end
    if cut is not None and request.transport is not None:
        if mode == "reset":
            request.transport.abort()
        else:
            request.transport.close()
        return resp
    await resp.write_eof()
    return resp


def register_artifacts(app: web.Application) -> None:
    """Add the artifact host's routes."""
    path = "/output/job/{job_id}/artifacts/{node}/{key}"
    app.router.add_get(path, artifact)
    app.router.add_get("/hop/{hop}" + path, artifact)


def register_storage(app: web.Application) -> None:
    """Add the storage host's routes."""
    app.router.add_get("/blob/{key}", blob)
