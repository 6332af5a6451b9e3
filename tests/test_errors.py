"""Error mapping from responses, message extraction, URL redaction."""

from __future__ import annotations

import pytest

from circleci_async import errors as e


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, e.BadRequest),
        (401, e.Unauthorized),
        (403, e.Forbidden),
        (404, e.NotFound),
        (409, e.Conflict),
        (422, e.Unprocessable),
        (429, e.RateLimited),
        (500, e.ServerError),
        (502, e.ServerError),
        (503, e.ServerError),
        (418, e.APIStatusError),
        (302, e.APIStatusError),
    ],
)
def test_error_class_by_status(status: int, cls: type[e.APIStatusError]) -> None:
    err = e.error_from_response(status, method="GET", url="https://circleci.com/api/v2/x", body=b"")
    assert type(err) is cls
    assert isinstance(err, e.CircleCIError)
    assert err.status == status


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"message": "Project not found"}', "Project not found"),
        (b'{"error": "OwnerID: must be a valid UUID."}', "OwnerID: must be a valid UUID."),
        (b'{"message": "", "error": "fallback"}', "fallback"),
        (b'{"error": {"message": "nested"}}', "nested"),
        (b"Rate limited.", "Rate limited."),
        (b"  Rate limited.\n", "Rate limited."),
        (b"", "HTTP 429"),
        (b"<html><body>Bad gateway</body></html>", "HTTP 429"),
        (b'{"unrelated": 1}', '{"unrelated": 1}'),
        (b"{not json", "{not json"),
    ],
)
def test_message_extraction(body: bytes, message: str) -> None:
    err = e.error_from_response(429, method="GET", url="https://x/", body=body)
    assert err.message == message


def test_error_carries_details_and_a_body_excerpt() -> None:
    err = e.error_from_response(
        429,
        method="POST",
        url="https://circleci.com/api/v2/x?circle-token=SECRET",
        body=b"x" * 2000,
        headers={"Retry-After": "5"},
        retry_after=5.0,
    )
    assert err.method == "POST"
    assert err.retry_after == 5.0
    assert err.headers == {"Retry-After": "5"}
    assert len(err.body) == 500
    assert "SECRET" not in str(err) and "SECRET" not in repr(err) and "SECRET" not in err.url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://circleci.com/api/v2/me", "https://circleci.com/api/v2/me"),
        ("https://u:p@circleci.com/x", "https://circleci.com/x"),
        (
            "https://circleci.com/x?circle-token=abc&a=1",
            "https://circleci.com/x?circle-token=REDACTED&a=1",
        ),
        ("https://s3/x?X-Amz-Security-Token=abc", "https://s3/x?X-Amz-Security-Token=REDACTED"),
        ("https://circleci.com/x?page-token=abc", "https://circleci.com/x?page-token=abc"),
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert e.redact_url(url) == expected
