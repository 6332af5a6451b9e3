"""Models of the Insights area: workflow, job and test metrics.

Every field is optional: recorded responses leave out fields the spec marks required, and the
spec's own examples put ``null`` where it declares strings.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import msgspec

from circleci_async.models._base import Model

__all__ = [
    "BranchList",
    "DurationMetrics",
    "FlakyTest",
    "FlakyTests",
    "Id",
    "Granularity",
    "JobMetrics",
    "JobMetricsData",
    "JobTimeseries",
    "JobTimeseriesMetrics",
    "OrgProjectSummary",
    "OrgSummary",
    "ProjectSummary",
    "ReportingWindow",
    "SummaryMetrics",
    "SummaryTotals",
    "SummaryTrends",
    "TestCounts",
    "TestMetric",
    "TestMetrics",
    "TestRunSummary",
    "WorkflowBranchSummary",
    "WorkflowMetrics",
    "WorkflowMetricsData",
    "WorkflowOverview",
    "WorkflowOverviewMetrics",
    "WorkflowOverviewTrends",
    "WorkflowRun",
    "WorkflowSummary",
    "WorkflowSummaryMetrics",
    "WorkflowTrends",
]

#: An id field the spec declares without a type (``{}``): a UUID string in practice, but any
#: JSON value is schema-valid, so any value decodes.
Id = Any


class ReportingWindow(StrEnum):
    """Known values of ``reporting_window`` (any string is sent as given)."""

    LAST_24_HOURS = "last-24-hours"
    LAST_7_DAYS = "last-7-days"
    LAST_30_DAYS = "last-30-days"
    LAST_60_DAYS = "last-60-days"
    LAST_90_DAYS = "last-90-days"


class Granularity(StrEnum):
    """Known values of ``granularity`` for job timeseries."""

    DAILY = "daily"
    HOURLY = "hourly"


class DurationMetrics(Model):
    """Duration statistics in seconds (``total`` only in timeseries)."""

    min: int | None = None
    mean: int | None = None
    median: int | None = None
    p95: int | None = None
    max: int | None = None
    standard_deviation: float | None = None
    total: int | None = None


class WorkflowMetricsData(Model):
    """Aggregated numbers of one workflow over the reporting window."""

    total_runs: int = 0
    successful_runs: int = 0
    failed_runs: int = 0
    success_rate: float = 0.0
    throughput: float = 0.0
    """Average runs per day."""
    mttr: int | None = None
    """Mean time to recovery, in seconds."""
    total_credits_used: int | None = None
    total_recoveries: int | None = None
    duration_metrics: DurationMetrics = msgspec.field(default_factory=DurationMetrics)


class WorkflowMetrics(Model):
    """Metrics of one workflow of a project (``cci.insights.workflows``)."""

    name: str = ""
    metrics: WorkflowMetricsData = msgspec.field(default_factory=WorkflowMetricsData)
    window_start: datetime | None = None
    window_end: datetime | None = None
    project_id: Id = None


class WorkflowRun(Model):
    """One run of a workflow (``cci.insights.workflow_runs``)."""

    id: str | None = None
    branch: str | None = None
    duration: int | None = None
    """Seconds from creation to stop."""
    created_at: datetime | None = None
    stopped_at: datetime | None = None
    credits_used: int | None = None
    status: str | None = None
    """``success``, ``failed``, ``error``, ``canceled``, ``unauthorized`` (or a new value)."""
    is_approval: bool | None = None


class JobMetricsData(Model):
    """Aggregated numbers of one job over the reporting window."""

    total_runs: int = 0
    successful_runs: int = 0
    failed_runs: int = 0
    success_rate: float = 0.0
    throughput: float = 0.0
    total_credits_used: int | None = None
    duration_metrics: DurationMetrics = msgspec.field(default_factory=DurationMetrics)


class JobMetrics(Model):
    """Metrics of one job of a workflow (``cci.insights.workflow_jobs``)."""

    name: str = ""
    metrics: JobMetricsData = msgspec.field(default_factory=JobMetricsData)
    window_start: datetime | None = None
    window_end: datetime | None = None


class WorkflowSummaryMetrics(WorkflowMetricsData):
    """Numbers of a workflow summary, with its window."""

    completed_runs: int | None = None
    window_start: datetime | None = None
    window_end: datetime | None = None


class WorkflowTrends(Model):
    """Ratios of this window's numbers to the previous window's (1.0: unchanged)."""

    total_runs: float | None = None
    failed_runs: float | None = None
    success_rate: float | None = None
    p95_duration_secs: float | None = None
    median_duration_secs: float | None = None
    total_credits_used: float | None = None
    mttr: float | None = None
    throughput: float | None = None


class WorkflowSummary(Model):
    """Metrics and trends of one workflow (``cci.insights.workflow_summary``)."""

    metrics: WorkflowSummaryMetrics = msgspec.field(default_factory=WorkflowSummaryMetrics)
    trends: WorkflowTrends = msgspec.field(default_factory=WorkflowTrends)
    workflow_names: list[str] = msgspec.field(default_factory=list)


class TestMetric(Model):
    """One test in ``most_failed_tests`` or ``slowest_tests``."""

    __test__ = False  # not a pytest class

    test_name: str | None = None
    classname: str | None = None
    file: str | None = None
    source: str | None = None
    job_name: str | None = None
    total_runs: int = 0
    failed_runs: int = 0
    p95_duration: float | None = None
    flaky: bool = False


class TestCounts(Model):
    """Test outcomes of one run."""

    __test__ = False

    error: int = 0
    failure: int = 0
    skipped: int = 0
    success: int = 0
    total: int = 0


class TestRunSummary(Model):
    """Test outcomes of one workflow run."""

    __test__ = False

    pipeline_number: int | None = None
    workflow_id: Id = None
    success_rate: float = 0.0
    test_counts: TestCounts = msgspec.field(default_factory=TestCounts)


class TestMetrics(Model):
    """Test metrics of a workflow (``cci.insights.test_metrics``)."""

    __test__ = False

    average_test_count: int = 0
    total_test_runs: int = 0
    most_failed_tests: list[TestMetric] = msgspec.field(default_factory=list)
    most_failed_tests_extra: int = 0
    slowest_tests: list[TestMetric] = msgspec.field(default_factory=list)
    slowest_tests_extra: int = 0
    test_runs: list[TestRunSummary] = msgspec.field(default_factory=list)


class FlakyTest(Model):
    """A test that both passed and failed on the same code.

    The spec spells these keys in kebab-case (``test-name``), real servers in snake_case;
    ``cci.insights.flaky_tests`` decodes both.
    """

    test_name: str | None = None
    classname: str | None = None
    file: str | None = None
    source: str | None = None
    job_name: str | None = None
    job_number: int | None = None
    workflow_name: str | None = None
    workflow_id: Id = None
    workflow_created_at: str | None = None
    pipeline_number: int | None = None
    times_flaked: int = 0
    time_wasted: int | None = None
    """Seconds spent rerunning it."""


class FlakyTests(Model):
    """The flaky tests of a project (``cci.insights.flaky_tests``)."""

    flaky_tests: list[FlakyTest] = msgspec.field(default_factory=list)
    total_flaky_tests: float = 0


class BranchList(Model):
    """Branches with insights data (``cci.insights.branches``)."""

    org_id: Id = None
    project_id: Id = None
    branches: list[str] = msgspec.field(default_factory=list)


class JobTimeseriesMetrics(Model):
    """Numbers of one job in one time bucket."""

    total_runs: int = 0
    failed_runs: int = 0
    successful_runs: int = 0
    throughput: float = 0.0
    median_credits_used: int | None = None
    total_credits_used: int | None = None
    duration_metrics: DurationMetrics = msgspec.field(default_factory=DurationMetrics)


class JobTimeseries(Model):
    """One job in one time bucket (``cci.insights.timeseries``)."""

    name: str = ""
    timestamp: datetime | None = None
    min_started_at: datetime | None = None
    max_ended_at: datetime | None = None
    metrics: JobTimeseriesMetrics = msgspec.field(default_factory=JobTimeseriesMetrics)


class SummaryMetrics(Model):
    """Totals of a project or an organization."""

    total_runs: int = 0
    total_duration_secs: int = 0
    total_credits_used: int = 0
    success_rate: float = 0.0
    throughput: float = 0.0


class SummaryTrends(Model):
    """Ratios of :class:`SummaryMetrics` to the previous window's."""

    total_runs: float | None = None
    total_duration_secs: float | None = None
    total_credits_used: float | None = None
    success_rate: float | None = None
    throughput: float | None = None


class SummaryTotals(Model):
    """Metrics and trends of a project or an organization."""

    metrics: SummaryMetrics = msgspec.field(default_factory=SummaryMetrics)
    trends: SummaryTrends = msgspec.field(default_factory=SummaryTrends)


class WorkflowOverviewMetrics(Model):
    """Numbers of one workflow in a project summary."""

    total_runs: int = 0
    total_credits_used: int = 0
    p95_duration_secs: float = 0.0
    success_rate: float = 0.0
    total_duration_secs: int | None = None


class WorkflowOverviewTrends(Model):
    """Trends of one workflow (or project) in a summary."""

    total_runs: float | None = None
    total_credits_used: float | None = None
    p95_duration_secs: float | None = None
    success_rate: float | None = None
    total_duration_secs: float | None = None


class WorkflowOverview(Model):
    """One workflow in a project summary."""

    workflow_name: str = ""
    metrics: WorkflowOverviewMetrics = msgspec.field(default_factory=WorkflowOverviewMetrics)
    trends: WorkflowOverviewTrends = msgspec.field(default_factory=WorkflowOverviewTrends)


class WorkflowBranchSummary(WorkflowOverview):
    """One workflow on one branch in a project summary."""

    branch: str = ""


class ProjectSummary(Model):
    """A project's summary page (``cci.insights.summary``)."""

    org_id: Id = None
    project_id: Id = None
    project_data: SummaryTotals = msgspec.field(default_factory=SummaryTotals)
    project_workflow_data: list[WorkflowOverview] = msgspec.field(default_factory=list)
    project_workflow_branch_data: list[WorkflowBranchSummary] = msgspec.field(default_factory=list)
    all_branches: list[str] = msgspec.field(default_factory=list)
    all_workflows: list[str] = msgspec.field(default_factory=list)


class OrgProjectSummary(Model):
    """One project in an organization summary."""

    project_name: str = ""
    metrics: WorkflowOverviewMetrics = msgspec.field(default_factory=WorkflowOverviewMetrics)
    trends: WorkflowOverviewTrends = msgspec.field(default_factory=WorkflowOverviewTrends)


class OrgSummary(Model):
    """An organization's summary (``cci.insights.org_summary``)."""

    org_data: SummaryTotals = msgspec.field(default_factory=SummaryTotals)
    org_project_data: list[OrgProjectSummary] = msgspec.field(default_factory=list)
    all_projects: list[str] | None = None
