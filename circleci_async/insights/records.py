"""Flat records the collector yields: one Struct per kind, keyed by natural ids.

Every record has the ``kind`` tag, the ``project_slug`` and only flat fields (numbers, strings,
booleans, dates), so it maps one to one onto a CSV row or a SQLite row. ``KEYS`` names the
fields that identify a record: a rerun on the same day produces the same keys, so the SQLite
export updates rows instead of adding them.
"""

from __future__ import annotations

from datetime import date, datetime

import msgspec

__all__ = [
    "KEYS",
    "KINDS",
    "BranchRecord",
    "FlakyTestRecord",
    "JobMetricsRecord",
    "Record",
    "TestMetricRecord",
    "WorkflowMetricsRecord",
    "WorkflowRunRecord",
    "WorkflowSummaryRecord",
    "kind_of",
    "record_key",
]


class _Base(msgspec.Struct, kw_only=True, tag_field="kind"):
    project_slug: str


class WorkflowMetricsRecord(_Base, tag="workflow_metrics"):
    """Metrics of one workflow over a reporting window, as collected on ``collected_on``."""

    workflow_name: str
    branch: str
    """The branch asked for; ``*`` for all branches, empty for the default branch."""
    reporting_window: str
    collected_on: date
    window_start: datetime | None = None
    window_end: datetime | None = None
    total_runs: int = 0
    successful_runs: int = 0
    failed_runs: int = 0
    success_rate: float = 0.0
    throughput: float = 0.0
    mttr: int | None = None
    total_recoveries: int | None = None
    total_credits_used: int | None = None
    duration_min: int | None = None
    duration_mean: int | None = None
    duration_median: int | None = None
    duration_p95: int | None = None
    duration_max: int | None = None
    duration_stddev: float | None = None


class WorkflowRunRecord(_Base, tag="workflow_run"):
    """One workflow run (its ``id`` is unique)."""

    id: str
    workflow_name: str
    branch: str | None = None
    status: str | None = None
    created_at: datetime | None = None
    stopped_at: datetime | None = None
    duration: int | None = None
    credits_used: int | None = None
    is_approval: bool | None = None


class JobMetricsRecord(_Base, tag="job_metrics"):
    """Metrics of one job of a workflow over a reporting window."""

    workflow_name: str
    job_name: str
    branch: str
    reporting_window: str
    collected_on: date
    window_start: datetime | None = None
    window_end: datetime | None = None
    total_runs: int = 0
    successful_runs: int = 0
    failed_runs: int = 0
    success_rate: float = 0.0
    throughput: float = 0.0
    total_credits_used: int | None = None
    duration_min: int | None = None
    duration_mean: int | None = None
    duration_median: int | None = None
    duration_p95: int | None = None
    duration_max: int | None = None
    duration_stddev: float | None = None


class WorkflowSummaryRecord(_Base, tag="workflow_summary"):
    """A workflow's summary with its trends (ratios to the previous window)."""

    workflow_name: str
    branch: str
    collected_on: date
    window_start: datetime | None = None
    window_end: datetime | None = None
    total_runs: int = 0
    successful_runs: int = 0
    failed_runs: int = 0
    completed_runs: int | None = None
    success_rate: float = 0.0
    throughput: float = 0.0
    mttr: int | None = None
    total_credits_used: int | None = None
    duration_median: int | None = None
    duration_p95: int | None = None
    trend_total_runs: float | None = None
    trend_failed_runs: float | None = None
    trend_success_rate: float | None = None
    trend_p95_duration_secs: float | None = None
    trend_median_duration_secs: float | None = None
    trend_total_credits_used: float | None = None
    trend_mttr: float | None = None
    trend_throughput: float | None = None


class TestMetricRecord(_Base, tag="test_metric"):
    """One test among a workflow's most failed or slowest tests."""

    __test__ = False

    workflow_name: str
    branch: str
    job_name: str
    classname: str
    test_name: str
    collected_on: date
    file: str | None = None
    total_runs: int = 0
    failed_runs: int = 0
    p95_duration: float | None = None
    flaky: bool = False


class FlakyTestRecord(_Base, tag="flaky_test"):
    """A flaky test of a project."""

    workflow_name: str
    job_name: str
    classname: str
    test_name: str
    collected_on: date
    file: str | None = None
    times_flaked: int = 0
    time_wasted: int | None = None
    job_number: int | None = None
    pipeline_number: int | None = None
    workflow_id: str | None = None
    workflow_created_at: str | None = None


class BranchRecord(_Base, tag="branch"):
    """A branch with insights data."""

    branch: str


Record = (
    WorkflowMetricsRecord
    | WorkflowRunRecord
    | JobMetricsRecord
    | WorkflowSummaryRecord
    | TestMetricRecord
    | FlakyTestRecord
    | BranchRecord
)

#: Record classes by kind, in a stable order.
KINDS: dict[str, type[Record]] = {
    "workflow_metrics": WorkflowMetricsRecord,
    "workflow_run": WorkflowRunRecord,
    "job_metrics": JobMetricsRecord,
    "workflow_summary": WorkflowSummaryRecord,
    "test_metric": TestMetricRecord,
    "flaky_test": FlakyTestRecord,
    "branch": BranchRecord,
}

#: The natural key of each kind.
KEYS: dict[str, tuple[str, ...]] = {
    "workflow_metrics": (
        "project_slug",
        "workflow_name",
        "branch",
        "reporting_window",
        "collected_on",
    ),
    "workflow_run": ("id",),
    "job_metrics": (
        "project_slug",
        "workflow_name",
        "job_name",
        "branch",
        "reporting_window",
        "collected_on",
    ),
    "workflow_summary": ("project_slug", "workflow_name", "branch", "collected_on"),
    "test_metric": (
        "project_slug",
        "workflow_name",
        "branch",
        "job_name",
        "classname",
        "test_name",
        "collected_on",
    ),
    "flaky_test": (
        "project_slug",
        "workflow_name",
        "job_name",
        "classname",
        "test_name",
        "collected_on",
    ),
    "branch": ("project_slug", "branch"),
}


def kind_of(record: Record) -> str:
    """The ``kind`` tag of a record."""
    tag = type(record).__struct_config__.tag
    assert isinstance(tag, str)
    return tag


def record_key(record: Record) -> tuple[object, ...]:
    """The natural key of a record (unique per kind)."""
    return (kind_of(record), *(getattr(record, f) for f in KEYS[kind_of(record)]))
