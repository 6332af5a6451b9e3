"""Typed msgspec models of CircleCI's API: ``models.v2`` and ``models.v1`` by API area."""

from circleci_async.models._base import Body, Model, Page

__all__ = ["Body", "Model", "Page"]
