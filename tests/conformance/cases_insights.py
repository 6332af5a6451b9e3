"""Conformance cases: Insights."""

from __future__ import annotations

from datetime import UTC, datetime

from circleci_async.models.v2.insights import Granularity, ReportingWindow

SLUG = "gh/CircleCI-Public/api-preview-docs"
WORKFLOW = "build-and-test"
START = datetime(2026, 10, 1, tzinfo=UTC)
END = datetime(2026, 10, 31, tzinfo=UTC)

CASES = {
    "getProjectWorkflowsPageData": lambda c: c.insights.summary(
        SLUG,
        reporting_window=ReportingWindow.LAST_30_DAYS,
        branches=["main", "release"],
        workflow_names=[WORKFLOW, "deploy"],
    ),
    "getJobTimeseries": lambda c: c.insights.timeseries(
        SLUG,
        WORKFLOW,
        branch="main",
        granularity=Granularity.DAILY,
        start_date=START,
        end_date=END,
    ).collect(max_pages=1),
    "getOrgSummaryData": lambda c: c.insights.org_summary(
        "gh/CircleCI-Public",
        reporting_window=ReportingWindow.LAST_7_DAYS,
        project_names=["api-preview-docs", "circleci-cli"],
    ),
    "getAllInsightsBranches": lambda c: c.insights.branches(SLUG, workflow_name=WORKFLOW),
    "getFlakyTests": lambda c: c.insights.flaky_tests(SLUG),
    "getProjectWorkflowMetrics": lambda c: c.insights.workflows(
        SLUG, branch="main", reporting_window=ReportingWindow.LAST_90_DAYS
    ).collect(max_pages=1),
    "getProjectWorkflowRuns": lambda c: c.insights.workflow_runs(
        SLUG, WORKFLOW, all_branches=True, start_date=START, end_date=END
    ).collect(max_pages=1),
    "getProjectWorkflowJobMetrics": lambda c: c.insights.workflow_jobs(
        SLUG, WORKFLOW, branch="main", reporting_window="last-7-days", job_name="test"
    ).collect(max_pages=1),
    "getWorkflowSummary": lambda c: c.insights.workflow_summary(SLUG, WORKFLOW, all_branches=True),
    "getProjectWorkflowTestMetrics": lambda c: c.insights.test_metrics(
        SLUG, WORKFLOW, branch="main"
    ),
}
