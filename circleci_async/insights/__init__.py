"""High-volume insights collection: many projects, one rate limit, streaming records.

``async for record in collect(cci, ["gh/acme/api", ...]): writer.write(record)`` with a
writer from :func:`open_writer` (JSON Lines, CSV or SQLite, chosen by the file's suffix).
"""

from circleci_async.insights.collect import (
    DEFAULT_KINDS,
    Collection,
    CollectStats,
    ProjectFailure,
    collect,
)
from circleci_async.insights.export import (
    RecordWriter,
    format_of,
    open_writer,
    read_records,
    write_records,
)
from circleci_async.insights.records import (
    KEYS,
    KINDS,
    BranchRecord,
    FlakyTestRecord,
    JobMetricsRecord,
    Record,
    TestMetricRecord,
    WorkflowMetricsRecord,
    WorkflowRunRecord,
    WorkflowSummaryRecord,
    record_key,
)

__all__ = [
    "DEFAULT_KINDS",
    "KEYS",
    "KINDS",
    "BranchRecord",
    "CollectStats",
    "Collection",
    "FlakyTestRecord",
    "JobMetricsRecord",
    "ProjectFailure",
    "Record",
    "RecordWriter",
    "TestMetricRecord",
    "WorkflowMetricsRecord",
    "WorkflowRunRecord",
    "WorkflowSummaryRecord",
    "collect",
    "format_of",
    "open_writer",
    "read_records",
    "record_key",
    "write_records",
]
