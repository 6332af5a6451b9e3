"""High-volume insights collection: many projects, one rate limit, streaming records.

``async for record in collect(cci, ["gh/acme/api", ...]): ...`` then write them with
:mod:`circleci_async.insights.export`.
"""

from circleci_async.insights.collect import (
    DEFAULT_KINDS,
    Collection,
    CollectStats,
    ProjectFailure,
    collect,
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
    "TestMetricRecord",
    "WorkflowMetricsRecord",
    "WorkflowRunRecord",
    "WorkflowSummaryRecord",
    "collect",
    "record_key",
]
