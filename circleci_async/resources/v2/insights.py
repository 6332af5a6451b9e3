"""Insights area: workflow, job and test metrics."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import msgspec

from circleci_async._http import codec
from circleci_async.errors import ResponseDecodeError
from circleci_async.models.v2.insights import (
    BranchList,
    FlakyTests,
    JobMetrics,
    JobTimeseries,
    OrgSummary,
    ProjectSummary,
    TestMetrics,
    WorkflowMetrics,
    WorkflowRun,
    WorkflowSummary,
)
from circleci_async.pagination import AsyncPager
from circleci_async.resources._base import Resource

__all__ = ["OPERATIONS", "Insights"]

OPERATIONS = {
    "getProjectWorkflowsPageData": "insights.summary",
    "getJobTimeseries": "insights.timeseries",
    "getOrgSummaryData": "insights.org_summary",
    "getAllInsightsBranches": "insights.branches",
    "getFlakyTests": "insights.flaky_tests",
    "getProjectWorkflowMetrics": "insights.workflows",
    "getProjectWorkflowRuns": "insights.workflow_runs",
    "getProjectWorkflowJobMetrics": "insights.workflow_jobs",
    "getWorkflowSummary": "insights.workflow_summary",
    "getProjectWorkflowTestMetrics": "insights.test_metrics",
}

_SUMMARY = "/insights/pages/{project_slug}/summary"
_TIMESERIES = "/insights/time-series/{project_slug}/workflows/{workflow_name}/jobs"
_ORG_SUMMARY = "/insights/{org_slug}/summary"
_BRANCHES = "/insights/{project_slug}/branches"
_FLAKY = "/insights/{project_slug}/flaky-tests"
_WORKFLOWS = "/insights/{project_slug}/workflows"
_RUNS = "/insights/{project_slug}/workflows/{workflow_name}"
_JOBS = "/insights/{project_slug}/workflows/{workflow_name}/jobs"
_WORKFLOW_SUMMARY = "/insights/{project_slug}/workflows/{workflow_name}/summary"
_TEST_METRICS = "/insights/{project_slug}/workflows/{workflow_name}/test-metrics"

Names = str | Iterable[str] | None


class Insights(Resource):
    """``cci.insights``: metrics of workflows, jobs and tests, per project or organization.

    ``reporting_window`` is one of :class:`~circleci_async.models.v2.insights.ReportingWindow`
    (``last-90-days`` when left out). Without ``branch`` or ``all_branches=True`` CircleCI
    reports the project's default branch.
    """

    __slots__ = ()

    async def summary(
        self,
        project_slug: str,
        *,
        reporting_window: str | None = None,
        branches: Names = None,
        workflow_names: Names = None,
    ) -> ProjectSummary:
        """Summary metrics and trends of a project, per workflow and per branch.

        ``branches`` and ``workflow_names`` take one name or several (sent as repeated keys).
        """
        params = codec.query(
            reporting_window=_opt_str(reporting_window, "reporting_window"),
            branches=_names(branches, "branches"),
            workflow_names=_names(workflow_names, "workflow_names"),
        )
        path = {"project_slug": codec.project_slug(project_slug)}
        return await self._s.call("GET", _SUMMARY, ProjectSummary, path=path, params=params)

    def timeseries(
        self,
        project_slug: str,
        workflow_name: str,
        *,
        branch: str | None = None,
        granularity: str | None = None,
        start_date: datetime | str | None = None,
        end_date: datetime | str | None = None,
    ) -> AsyncPager[JobTimeseries]:
        """Job metrics of a workflow per time bucket (``daily`` or ``hourly`` granularity)."""
        params = codec.query(
            branch=_opt_str(branch, "branch"),
            granularity=_opt_str(granularity, "granularity"),
            start_date=_date(start_date, "start_date"),
            end_date=_date(end_date, "end_date"),
        )
        path = _workflow_path(project_slug, workflow_name)
        return self._token_pager(_TIMESERIES, JobTimeseries, path=path, params=params)

    async def org_summary(
        self,
        org_slug: str,
        *,
        reporting_window: str | None = None,
        project_names: Names = None,
    ) -> OrgSummary:
        """Summary metrics and trends of an organization and its projects.

        ``project_names`` takes one name or several (sent as repeated keys).
        """
        params = codec.query(
            reporting_window=_opt_str(reporting_window, "reporting_window"),
            project_names=_names(project_names, "project_names"),
        )
        path = {"org_slug": codec.org_slug(org_slug)}
        return await self._s.call("GET", _ORG_SUMMARY, OrgSummary, path=path, params=params)

    async def branches(self, project_slug: str, *, workflow_name: str | None = None) -> BranchList:
        """The branches of a project that have insights data (optionally of one workflow)."""
        params = codec.query(workflow_name=_opt_str(workflow_name, "workflow_name"))
        path = {"project_slug": codec.project_slug(project_slug)}
        return await self._s.call("GET", _BRANCHES, BranchList, path=path, params=params)

    async def flaky_tests(self, project_slug: str) -> FlakyTests:
        """The flaky tests of a project (kebab-case and snake_case answers both decode)."""
        path = {"project_slug": codec.project_slug(project_slug)}
        resp = await self._s.request("GET", _FLAKY, path=path)
        try:
            raw = msgspec.json.decode(resp.body)
            return msgspec.convert(_snake_keys(raw), FlakyTests)
        except (msgspec.ValidationError, msgspec.DecodeError) as exc:
            raise ResponseDecodeError(
                f"response does not match FlakyTests: {exc}", url=resp.url
            ) from None

    def workflows(
        self,
        project_slug: str,
        *,
        all_branches: bool | None = None,
        branch: str | None = None,
        reporting_window: str | None = None,
    ) -> AsyncPager[WorkflowMetrics]:
        """Metrics of every workflow of a project over the reporting window."""
        params = codec.query(
            all_branches=_opt_bool(all_branches, "all_branches"),
            branch=_opt_str(branch, "branch"),
            reporting_window=_opt_str(reporting_window, "reporting_window"),
        )
        path = {"project_slug": codec.project_slug(project_slug)}
        return self._token_pager(_WORKFLOWS, WorkflowMetrics, path=path, params=params)

    def workflow_runs(
        self,
        project_slug: str,
        workflow_name: str,
        *,
        all_branches: bool | None = None,
        branch: str | None = None,
        start_date: datetime | str | None = None,
        end_date: datetime | str | None = None,
    ) -> AsyncPager[WorkflowRun]:
        """Recent runs of a workflow, newest first (``start_date``/``end_date`` bound them)."""
        params = codec.query(
            all_branches=_opt_bool(all_branches, "all_branches"),
            branch=_opt_str(branch, "branch"),
            start_date=_date(start_date, "start_date"),
            end_date=_date(end_date, "end_date"),
        )
        path = _workflow_path(project_slug, workflow_name)
        return self._token_pager(_RUNS, WorkflowRun, path=path, params=params)

    def workflow_jobs(
        self,
        project_slug: str,
        workflow_name: str,
        *,
        all_branches: bool | None = None,
        branch: str | None = None,
        reporting_window: str | None = None,
        job_name: str | None = None,
    ) -> AsyncPager[JobMetrics]:
        """Metrics of every job of a workflow over the reporting window."""
        params = codec.query(
            all_branches=_opt_bool(all_branches, "all_branches"),
            branch=_opt_str(branch, "branch"),
            reporting_window=_opt_str(reporting_window, "reporting_window"),
            job_name=_opt_str(job_name, "job_name"),
        )
        path = _workflow_path(project_slug, workflow_name)
        return self._token_pager(_JOBS, JobMetrics, path=path, params=params)

    async def workflow_summary(
        self,
        project_slug: str,
        workflow_name: str,
        *,
        all_branches: bool | None = None,
        branch: str | None = None,
    ) -> WorkflowSummary:
        """Metrics and trends of one workflow."""
        params = codec.query(
            all_branches=_opt_bool(all_branches, "all_branches"),
            branch=_opt_str(branch, "branch"),
        )
        path = _workflow_path(project_slug, workflow_name)
        return await self._s.call(
            "GET", _WORKFLOW_SUMMARY, WorkflowSummary, path=path, params=params
        )

    async def test_metrics(
        self,
        project_slug: str,
        workflow_name: str,
        *,
        branch: str | None = None,
        all_branches: bool | None = None,
    ) -> TestMetrics:
        """Test metrics of a workflow: most failed and slowest tests, outcomes per run."""
        params = codec.query(
            branch=_opt_str(branch, "branch"),
            all_branches=_opt_bool(all_branches, "all_branches"),
        )
        path = _workflow_path(project_slug, workflow_name)
        return await self._s.call("GET", _TEST_METRICS, TestMetrics, path=path, params=params)


def _workflow_path(project_slug: str, workflow_name: str) -> dict[str, str]:
    return {
        "project_slug": codec.project_slug(project_slug),
        "workflow_name": codec.path_segment(workflow_name, "workflow_name"),
    }


def _names(value: Names, name: str) -> list[str] | None:
    """One name or an iterable of names, checked; ``None`` stays ``None``."""
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)
    for item in items:
        if not isinstance(item, str) or not item:
            raise TypeError(f"{name} must be a name or a list of non-empty names, got {item!r}")
    return items


def _opt_str(value: str | None, name: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {value!r}")
    return value


def _opt_bool(value: bool | None, name: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return value


def _date(value: datetime | str | None, name: str) -> str | None:
    """A ``datetime`` (naive means UTC) or an ISO 8601 string, checked before any request."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"{name} must be an ISO 8601 date-time, got {value!r}") from None
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime or an ISO 8601 string, got {value!r}")
    text = value.isoformat() if value.tzinfo else value.isoformat() + "Z"
    return text.replace("+00:00", "Z")


def _snake_keys(value: Any) -> Any:
    """Object keys with ``-`` → ``_`` at every level (the spec's kebab-case flaky tests)."""
    if isinstance(value, dict):
        return {k.replace("-", "_"): _snake_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_snake_keys(v) for v in value]
    return value
