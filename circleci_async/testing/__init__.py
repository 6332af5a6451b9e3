"""A fake CircleCI for tests, demos and benchmarks: real HTTP on loopback, no mocks.

``async with FakeCircleCI() as fake: async with CircleCI(host=fake.url, token=fake.token) as cci:``
"""

from circleci_async.testing.data import FakeData
from circleci_async.testing.server import FakeCircleCI, Faults, RecordedRequest

__all__ = ["FakeCircleCI", "FakeData", "Faults", "RecordedRequest"]
