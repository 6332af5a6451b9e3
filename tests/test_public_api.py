"""The public surface is exactly what __all__ says, and documented."""

from __future__ import annotations

import inspect

import circleci_async
from circleci_async import OPERATIONS


def test_all_is_exactly_the_public_names() -> None:
    public = {n for n in vars(circleci_async) if not n.startswith("_")}
    modules = {n for n in public if inspect.ismodule(getattr(circleci_async, n))}
    assert set(circleci_async.__all__) - {"__version__"} == public - modules
    for name in circleci_async.__all__:
        assert hasattr(circleci_async, name)


def test_public_classes_and_functions_have_docstrings() -> None:
    for name in circleci_async.__all__:
        obj = getattr(circleci_async, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert obj.__doc__, name
            for attr, member in vars(obj).items():
                if not attr.startswith("_") and inspect.isfunction(member):
                    assert member.__doc__, f"{name}.{attr}"


def test_operations_point_at_real_methods() -> None:
    client = circleci_async.CircleCI()
    for key, target in OPERATIONS.items():
        obj: object = client
        for part in target.split("."):
            obj = getattr(obj, part)
        assert callable(obj), key
        assert obj.__doc__, key  # type: ignore[attr-defined]
