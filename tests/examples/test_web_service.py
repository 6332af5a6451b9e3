"""examples/web_service.py: one shared client answers concurrent requests; errors map to HTTP."""

from __future__ import annotations

from tests.examples.conftest import RunExample


def test_self_test_serves_concurrent_requests_and_maps_errors(run_example: RunExample) -> None:
    result = run_example("web_service", "--self-test")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "100/100 requests answered 200 by one shared client" in lines
    assert "unknown project -> 404" in lines
    assert "bad project slug -> 400" in lines
