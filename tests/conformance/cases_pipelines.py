"""Conformance cases: the rest of Pipeline, Workflow and Job."""

from __future__ import annotations

from circleci_async.models.v2.pipelines import PipelineRunRef

SLUG = "gh/CircleCI-Public/api-preview-docs"
UUID = "5034460f-c7c4-4c43-9457-de07e2029e7b"
OTHER = "bbea3a3d-4686-48b6-8d2d-2a14ace3913c"

CASES = {
    "listPipelines": lambda c: c.pipelines.list_for_org(
        org_slug="gh/CircleCI-Public", mine=False
    ).collect(max_pages=2),
    "listMyPipelines": lambda c: c.pipelines.mine(SLUG).collect(max_pages=2),
    "getPipelineById": lambda c: c.pipelines.get(UUID),
    "getPipelineByNumber": lambda c: c.pipelines.get_by_number(SLUG, 123),
    "getPipelineConfigById": lambda c: c.pipelines.config(UUID),
    "getPipelineValuesById": lambda c: c.pipelines.values(UUID),
    "triggerPipeline": lambda c: c.pipelines.trigger(
        SLUG, branch="feature/design-new-api", parameters={"deploy": True, "n": 3, "env": "qa"}
    ),
    "triggerPipelineRun": lambda c: c.pipelines.run(
        "gh",
        "CircleCI-Public",
        "api-preview-docs",
        definition_id=UUID,
        config=PipelineRunRef(branch="main"),
        checkout={"tag": "v1.0.0"},
        parameters={"deploy": True, "nested": {"a": 1}},
    ),
    "continuePipeline": lambda c: c.pipelines.continue_(
        continuation_key="secret-key", configuration="version: 2.1\n", parameters={"x": 1}
    ),
    "getWorkflowById": lambda c: c.workflows.get(UUID),
    "approvePendingApprovalJobById": lambda c: c.workflows.approve(UUID, OTHER),
    "cancelWorkflow": lambda c: c.workflows.cancel(UUID),
    "rerunWorkflow": lambda c: c.workflows.rerun(
        UUID, enable_ssh=False, jobs=[OTHER], sparse_tree=True
    ),
    "getJobDetails": lambda c: c.jobs.get(SLUG, 123),
    "cancelJobByJobNumber": lambda c: c.jobs.cancel(SLUG, 123),
    "cancelJobByJobID": lambda c: c.jobs.cancel_by_id(UUID),
    "getTests": lambda c: c.jobs.tests(SLUG, 123).collect(max_pages=2),
}
