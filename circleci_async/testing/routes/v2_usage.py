"""Fake v2 Usage area: usage export jobs that complete after a couple of reads."""

from __future__ import annotations

from datetime import datetime, timedelta

from aiohttp import web

from circleci_async.testing._web import ApiError, json_body, ok
from circleci_async.testing.routes._v2admin import FakeUsageExport, admin_state
from circleci_async.testing.routes._v2org import MSG_BAD_BODY, check_fields, org_for

__all__ = ["MAX_EXPORT_DAYS", "register"]

#: Longest time range one export may cover.
MAX_EXPORT_DAYS = 32
_NEXT_STATE = {"created": "processing", "processing": "completed"}


def _bad(message: str) -> ApiError:
    return ApiError(400, f"{MSG_BAD_BODY} {message}")


def _time(value: object, name: str) -> datetime:
    if not isinstance(value, str):
        raise _bad(f"{name} must be a date-time string")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise _bad(f"{name} {value!r} is not an RFC 3339 date-time") from None
    if when.tzinfo is None:
        raise _bad(f"{name} {value!r} has no timezone")
    return when


async def create_export(request: web.Request) -> web.Response:
    org_id = org_for(request, request.match_info["org_id"])
    body = await json_body(request)
    check_fields(body, {"start", "end", "shared_org_ids"})
    start, end = _time(body.get("start"), "start"), _time(body.get("end"), "end")
    if end <= start:
        raise _bad("end must be after start")
    if end - start > timedelta(days=MAX_EXPORT_DAYS):
        raise _bad(f"the time range must not exceed {MAX_EXPORT_DAYS} days")
    shared = body.get("shared_org_ids", [])
    if not isinstance(shared, list) or not all(isinstance(s, str) for s in shared):
        raise _bad("shared_org_ids must be a list of organization ids")
    state = admin_state.of(request)
    job = FakeUsageExport(state.new_id(), org_id, body["start"], body["end"])
    state.exports[job.id] = job
    return ok(job.json(created=True), 201)


async def get_export(request: web.Request) -> web.Response:
    org_id = org_for(request, request.match_info["org_id"])
    job = admin_state.of(request).exports.get(request.match_info["job_id"])
    if job is None or job.org_id != org_id:
        raise ApiError(404, "Usage export job not found.")
    job.state = _NEXT_STATE.get(job.state, job.state)
    if job.state == "completed" and not job.download_urls:
        job.download_urls = [
            f"https://usage-exports.circleci.invalid/{job.id}/part-{n}.csv.gz?X-Amz-Signature=s"
            for n in range(2)
        ]
    return ok(job.json())


def register(app: web.Application) -> None:
    """Add the routes."""
    app.router.add_post("/api/v2/organizations/{org_id}/usage_export_job", create_export)
    app.router.add_get("/api/v2/organizations/{org_id}/usage_export_job/{job_id}", get_export)
