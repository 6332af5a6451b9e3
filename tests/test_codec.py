"""Slug validation, query building, request bodies, and typed decoding."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import pytest

from circleci_async import ResponseDecodeError
from circleci_async._http import codec
from circleci_async.models import Body, Model, Page


@pytest.mark.parametrize(
    ("slug", "encoded"),
    [
        ("gh/acme/api", "gh%2Facme%2Fapi"),
        ("github/CircleCI-Public/api-preview-docs", "github%2FCircleCI-Public%2Fapi-preview-docs"),
        ("bb/team/repo.name", "bb%2Fteam%2Frepo.name"),
        ("bitbucket/team/re_po", "bitbucket%2Fteam%2Fre_po"),
        (
            "circleci/8e1b4e28-6f5a-4b8c-9c3f-1234567890ab/0f5e8a1c-1b2c-4d3e-8f9a-abcdefabcdef",
            "circleci%2F8e1b4e28-6f5a-4b8c-9c3f-1234567890ab%2F0f5e8a1c-1b2c-4d3e-8f9a-abcdefabcdef",
        ),
    ],
)
def test_valid_project_slugs_are_encoded_as_one_segment(slug: str, encoded: str) -> None:
    assert codec.project_slug(slug) == encoded
    assert codec.split_project_slug(slug) == tuple(slug.split("/"))


@pytest.mark.parametrize(
    "slug",
    [
        "",
        "acme/api",
        "gh/acme",
        "gh/acme/api/extra",
        "gl/acme/api",
        "gh//api",
        "gh/acme/",
        "gh/../api",
        "gh/acme/..",
        "gh/ac me/api",
        "gh/acme/api?x=1",
        "gh/acme/api#frag",
        "gh/acme/a%2Fb",
        "https://github.com/acme/api",
    ],
)
def test_bad_project_slugs_raise_value_error_naming_the_slug(slug: str) -> None:
    with pytest.raises(ValueError, match="is not a project slug") as info:
        codec.project_slug(slug)
    assert repr(slug) in str(info.value)


def test_non_string_slug_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="project_slug"):
        codec.project_slug(5)


@pytest.mark.parametrize("slug", ["gh/acme", "circleci/8e1b4e28-6f5a-4b8c-9c3f-1234567890ab"])
def test_org_slugs(slug: str) -> None:
    assert "/" not in codec.org_slug(slug)


@pytest.mark.parametrize("slug", ["acme", "gh/acme/api", "xx/acme", "gh/"])
def test_bad_org_slugs(slug: str) -> None:
    with pytest.raises(ValueError, match="organization slug"):
        codec.org_slug(slug)


@pytest.mark.parametrize(
    ("value", "encoded"),
    [("build", "build"), ("a b/c", "a%20b%2Fc"), (42, "42"), ("ünï", "%C3%BCn%C3%AF")],
)
def test_path_segments_are_percent_encoded(value: str | int, encoded: str) -> None:
    assert codec.path_segment(value, "name") == encoded


@pytest.mark.parametrize(
    ("value", "exc"),
    [
        ("", ValueError),
        ("  ", ValueError),
        ("..", ValueError),
        (None, TypeError),
        (True, TypeError),
        (1.5, TypeError),
    ],
)
def test_bad_path_segments_name_the_parameter(value: object, exc: type[Exception]) -> None:
    with pytest.raises(exc, match="job_id"):
        codec.path_segment(value, "job_id")


def test_query_maps_names_and_repeats_lists() -> None:
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert codec.query(
        reporting_window="last-7-days",
        branches=["main", "dev"],
        all_branches=True,
        mine=False,
        start_date=when,
        skipped=None,
        limit=5,
    ) == [
        ("reporting-window", "last-7-days"),
        ("branches", "main"),
        ("branches", "dev"),
        ("all-branches", "true"),
        ("mine", "false"),
        ("start-date", "2026-01-02T03:04:05+00:00"),
        ("limit", "5"),
    ]


def test_query_rejects_objects() -> None:
    with pytest.raises(TypeError, match="branch"):
        codec.query(branch={"a": 1})


class Inner(Body):
    value: str


class Trigger(Body):
    branch: str | msgspec.UnsetType = msgspec.UNSET
    when: datetime | msgspec.UnsetType = msgspec.UNSET
    inner: Inner | msgspec.UnsetType = msgspec.UNSET
    kebab_name: int | msgspec.UnsetType = msgspec.field(default=msgspec.UNSET, name="kebab-name")


def test_build_body_accepts_structs_dicts_and_iso_strings() -> None:
    body = codec.build_body(
        Trigger,
        {
            "branch": "main",
            "when": "2026-01-02T03:04:05Z",
            "inner": Inner(value="x"),
            "kebab_name": 3,
        },
    )
    assert body.when == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert codec.encode(body) == (
        b'{"branch":"main","when":"2026-01-02T03:04:05Z","inner":{"value":"x"},"kebab-name":3}'
    )
    assert codec.build_body(Trigger, {"inner": {"value": "y"}}).inner == Inner(value="y")


def test_build_body_leaves_out_none() -> None:
    assert codec.encode(codec.build_body(Trigger, {"branch": None})) == b"{}"


def test_build_body_wrong_type_names_the_parameter() -> None:
    with pytest.raises(TypeError, match=r"^branch: Expected `str`, got `int`"):
        codec.build_body(Trigger, {"branch": 5})
    with pytest.raises(TypeError, match=r"inner\.value"):
        codec.build_body(Trigger, {"inner": {"value": 5}})


class Item(Model):
    id: str = ""
    count: int = 0


def test_decode_is_lenient_about_unknown_and_missing_fields() -> None:
    page = codec.decode(b'{"items":[{"id":"a","new":1},{}],"extra":true}', Page[Item], url="u")
    assert page.items == [Item(id="a"), Item()]
    assert page.next_page_token is None


def test_decode_error_names_url_and_json_path() -> None:
    with pytest.raises(ResponseDecodeError) as info:
        codec.decode(b'{"items":[{"id":"a"},{"count":"x"}]}', Page[Item], url="https://h/api/v2/x")
    assert info.value.path == "$.items[1].count"
    assert "https://h/api/v2/x" in str(info.value)


def test_decode_explains_edn() -> None:
    with pytest.raises(ResponseDecodeError, match="EDN"):
        codec.decode(b'{:login "pbiggar"}', Item, url="https://h/api/v1.1/me")


def test_decode_explains_html_and_empty_bodies() -> None:
    with pytest.raises(ResponseDecodeError, match="not valid JSON"):
        codec.decode(b"<html>", Item, url="u", content_type="text/html")
    with pytest.raises(ResponseDecodeError, match="empty"):
        codec.decode(b"", Item, url="u")
