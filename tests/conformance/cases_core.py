"""Conformance cases: User, Project (part), Pipeline (part), Workflow (part), Job (part)."""

from __future__ import annotations

SLUG = "gh/CircleCI-Public/api-preview-docs"
UUID = "5034460f-c7c4-4c43-9457-de07e2029e7b"

CASES = {
    "getCurrentUser": lambda c: c.users.me(),
    "getCollaborations": lambda c: c.users.collaborations(),
    "getUser": lambda c: c.users.get(UUID),
    "getProjectBySlug": lambda c: c.projects.get(SLUG),
    "listPipelinesForProject": lambda c: c.pipelines.list(SLUG, branch="main").collect(max_pages=2),
    "listWorkflowsByPipelineId": lambda c: c.pipelines.workflows(UUID).collect(max_pages=2),
    "listWorkflowJobs": lambda c: c.workflows.jobs(UUID).collect(max_pages=2),
    "getJobArtifacts": lambda c: c.jobs.artifacts(SLUG, 123).collect(max_pages=2),
}
