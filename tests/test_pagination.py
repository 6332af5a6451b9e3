"""AsyncPager: token paging against the fake server, and offset paging."""

from __future__ import annotations

import pytest

from circleci_async import AsyncPager, CircleCI, PaginationError
from circleci_async.pagination import offset_pages
from circleci_async.testing import FakeCircleCI

pytestmark = pytest.mark.anyio

PIPELINES = "/api/v2/project/gh%2Facme%2Fapi/pipeline"


async def test_async_for_walks_every_page(fake: FakeCircleCI, cci: CircleCI) -> None:
    numbers = [p.number async for p in cci.pipelines.list("gh/acme/api")]
    assert numbers == list(range(30, 0, -1))
    sent = fake.requests_to("/api/v2/project/[^/]+/pipeline")
    assert len(sent) == 2  # 20 + 10 items
    assert "page-token" not in sent[0].query and "page-token=" in sent[1].query


async def test_pages_collect_first_and_await(cci: CircleCI) -> None:
    pager = cci.pipelines.list("gh/acme/api")
    pages = [page async for page in pager.pages()]
    assert [len(p) for p in pages] == [20, 10]
    assert len(await pager.collect(limit=25)) == 25
    assert len(await pager) == 30
    first = await pager.first()
    assert first is not None and first.number == 30
    assert len(await pager.collect(max_pages=1)) == 20
    assert await pager.collect(limit=0) == []


async def test_nothing_is_requested_until_iteration(fake: FakeCircleCI, cci: CircleCI) -> None:
    pager = cci.pipelines.list("gh/acme/api", branch="main")
    assert isinstance(pager, AsyncPager)
    assert fake.requests_to(".*/pipeline") == []
    items = await pager.collect()
    assert items and all(p.vcs is not None and p.vcs.branch == "main" for p in items)
    assert "branch=main" in fake.requests_to(".*/pipeline")[0].query


async def test_a_repeated_page_token_stops_with_an_error(fake: FakeCircleCI, cci: CircleCI) -> None:
    fake.faults.stale_page_token = True
    fake.page_size = 5
    with pytest.raises(PaginationError, match="repeated page token"):
        await cci.pipelines.list("gh/acme/api").collect()
    assert len(fake.requests_to(".*/pipeline")) == 2  # the second page repeated the token


async def test_bad_slug_fails_before_any_request(fake: FakeCircleCI, cci: CircleCI) -> None:
    with pytest.raises(ValueError, match="'acme/api' is not a project slug"):
        cci.pipelines.list("acme/api")
    assert fake.requests == []


async def test_invalid_arguments_of_collect_and_pages(cci: CircleCI) -> None:
    pager = cci.pipelines.list("gh/acme/api")
    with pytest.raises(ValueError, match="limit"):
        await pager.collect(limit=-1)
    with pytest.raises(ValueError, match="max_pages"):
        pager.pages(max_pages=0)


async def test_offset_pager_walks_until_a_short_page() -> None:
    calls: list[tuple[int, int]] = []
    data = list(range(250))

    async def fetch(offset: int, limit: int) -> list[int]:
        calls.append((offset, limit))
        return data[offset : offset + limit]

    assert await offset_pages(fetch, limit=None) == data
    assert calls == [(0, 100), (100, 100), (200, 100)]
    calls.clear()
    assert await offset_pages(fetch, limit=150) == data[:150]
    assert calls == [(0, 100), (100, 50)]
    calls.clear()
    assert await offset_pages(fetch, limit=None, page_size=125) == data
    assert calls == [(0, 125), (125, 125), (250, 125)]


async def test_pipeline_workflows_and_workflow_jobs(cci: CircleCI) -> None:
    pipeline = await cci.pipelines.list("gh/acme/api").first()
    assert pipeline is not None
    workflows = await cci.pipelines.workflows(pipeline.id)
    assert [w.pipeline_id for w in workflows] == [pipeline.id]
    jobs = await cci.workflows.jobs(workflows[0].id)
    assert [j.name for j in jobs] == ["build", "test", "lint"]
    assert all(j.job_number is not None for j in jobs)
