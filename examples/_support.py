"""Plumbing shared by the examples: ``--fake`` runs them against the embedded fake CircleCI.

Without ``--fake`` an example talks to ``$CIRCLECI_HOST`` (default https://circleci.com) with
the token in ``$CIRCLE_TOKEN`` or ``$CIRCLECI_TOKEN``.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from circleci_async import CircleCI
from circleci_async.testing import FakeCircleCI, FakeData


def parser(description: str) -> argparse.ArgumentParser:
    """An argument parser with the ``--fake`` switch every example has."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument(
        "--fake",
        action="store_true",
        help="run against the embedded fake CircleCI (no token, no network)",
    )
    return p


@contextlib.asynccontextmanager
async def client(
    fake: bool, data: FakeData | None = None, **options: Any
) -> AsyncIterator[CircleCI]:
    """A client for CircleCI, or for a fake CircleCI serving ``data`` when ``fake`` is set.

    ``options`` go to :class:`CircleCI` (``cache=``, ``rate_limit=``, ...).
    """
    if not fake:
        async with CircleCI(**options) as cci:
            yield cci
        return
    async with (
        FakeCircleCI(data=data) as server,
        CircleCI(server.token, host=server.url, **options) as cci,
    ):
        yield cci
