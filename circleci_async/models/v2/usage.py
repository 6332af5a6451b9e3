"""Models of the Usage area: usage export jobs."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from circleci_async.models._base import Body, Model

__all__ = ["CreateUsageExportRequest", "UsageExport", "UsageExportState"]


class UsageExportState(StrEnum):
    """Known states of a usage export job; ``state`` fields accept new values too."""

    CREATED = "created"
    PROCESSING = "processing"
    FAILED = "failed"
    COMPLETED = "completed"


class UsageExport(Model):
    """A usage export job; ``download_urls`` fill in once it has ``completed``."""

    usage_export_job_id: str | None = None
    state: str | None = None
    """One of :class:`UsageExportState` (or a new value)."""
    start: datetime | None = None
    end: datetime | None = None
    download_urls: list[str] = msgspec.field(default_factory=list)
    error_reason: str | None = None

    def __repr__(self) -> str:
        """Show how many download URLs there are, not the signed URLs themselves."""
        return (
            f"UsageExport(usage_export_job_id={self.usage_export_job_id!r}, "
            f"state={self.state!r}, start={self.start!r}, end={self.end!r}, "
            f"download_urls=<{len(self.download_urls)} urls>, error_reason={self.error_reason!r})"
        )


class CreateUsageExportRequest(Body):
    """Body of ``usage.create_export``."""

    start: datetime
    end: datetime
    shared_org_ids: list[str] | msgspec.UnsetType = msgspec.UNSET
