"""The public API: ``storygraph.__all__`` (and each module's) is sorted and complete."""

from __future__ import annotations

import importlib
import inspect
from importlib.metadata import version

import pytest

import storygraph
from storygraph import errors

MODULES = [
    "storygraph",
    "storygraph.errors",
    "storygraph.store.files",
    "storygraph.query",
    "storygraph.store",
    "storygraph.query.stats",
    "storygraph.rdf.terms",
    "storygraph.query.validate",
    "storygraph.rdf.vocab",
]


def isort_key(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_the_package_all_is_sorted() -> None:
    assert storygraph.__all__ == sorted(storygraph.__all__)


@pytest.mark.parametrize("name", storygraph.__all__)
def test_every_public_name_resolves_to_a_documented_storygraph_object(name: str) -> None:
    obj = getattr(storygraph, name)
    if name == "__version__":
        return
    assert obj.__module__.startswith("storygraph."), obj.__module__
    assert inspect.getdoc(obj), f"storygraph.{name} has no docstring"


def test_star_import_gives_exactly_the_public_names() -> None:
    namespace: dict[str, object] = {}
    exec("from storygraph import *", namespace)
    assert sorted(n for n in namespace if n != "__builtins__") == sorted(storygraph.__all__)


@pytest.mark.parametrize("name", MODULES)
def test_all_is_sorted_and_every_name_exists(name: str) -> None:
    module = importlib.import_module(name)
    names = list(module.__all__)
    assert names == sorted(names, key=isort_key)
    assert len(names) == len(set(names))
    missing = [n for n in names if not hasattr(module, n)]
    assert missing == []


def test_every_error_is_public_and_derives_from_storygraph_error() -> None:
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, storygraph.StorygraphError)
        assert getattr(storygraph, name) is cls
        assert name in (errors.__doc__ or ""), f"{name} is missing from the tree in errors.py"


def test_version_is_the_installed_one() -> None:
    assert storygraph.__version__ == version("storygraph")
