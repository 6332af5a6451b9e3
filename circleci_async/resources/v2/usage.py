"""Usage area: usage export jobs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from circleci_async._http import codec
from circleci_async.models.v2.usage import CreateUsageExportRequest, UsageExport
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Usage"]

OPERATIONS = {
    "createUsageExport": "usage.create_export",
    "getUsageExport": "usage.get_export",
}


class Usage(Resource):
    """``cci.usage``: exports of an organization's usage data."""

    __slots__ = ()

    async def create_export(
        self,
        org_id: str,
        *,
        start: datetime | str,
        end: datetime | str,
        shared_org_ids: Sequence[str] | None = None,
    ) -> UsageExport:
        """Start exporting the organization's usage between ``start`` and ``end``.

        Times are timezone-aware datetimes or ISO 8601 strings with an offset;
        ``shared_org_ids`` adds organizations that share the plan. Poll :meth:`get_export`
        until ``state`` is ``completed``.
        """
        for name, value in (("start", start), ("end", end)):
            if not isinstance(value, datetime | str):
                raise TypeError(f"{name} must be a datetime or an ISO 8601 string, got {value!r}")
        if isinstance(shared_org_ids, str):
            raise TypeError("shared_org_ids must be a list of organization ids, not a string")
        body = codec.build_body(
            CreateUsageExportRequest,
            {
                "start": start,
                "end": end,
                "shared_org_ids": list(shared_org_ids) if shared_org_ids is not None else None,
            },
        )
        for name, when in (("start", body.start), ("end", body.end)):
            if when.tzinfo is None:
                raise ValueError(f"{name} must carry a timezone (e.g. 2024-05-01T00:00:00Z)")
        if body.end <= body.start:
            raise ValueError(f"end ({body.end.isoformat()}) must be after start")
        path = {"org_id": codec.path_segment(org_id, "org_id")}
        return await self._s.call(
            "POST", "/organizations/{org_id}/usage_export_job", UsageExport, path=path, json=body
        )

    async def get_export(self, org_id: str, usage_export_job_id: str) -> UsageExport:
        """Return a usage export job (its state and, once completed, its download URLs)."""
        path = {
            "org_id": codec.path_segment(org_id, "org_id"),
            "usage_export_job_id": codec.path_segment(usage_export_job_id, "usage_export_job_id"),
        }
        return await self._s.call(
            "GET",
            "/organizations/{org_id}/usage_export_job/{usage_export_job_id}",
            UsageExport,
            path=path,
        )
