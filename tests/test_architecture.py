"""The layout of docs/architecture.md holds: layers, no cycles, small modules, no hidden imports.

Every module under ``src/storygraph`` is parsed with :mod:`ast` (nothing is imported), and its
imports of storygraph modules are checked against the layer order below: data flows one way,
and a module imports only from its own layer or a lower one.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import ROOT

PACKAGE = ROOT / "src" / "storygraph"
MAX_LINES = 600

#: bottom to top; a module may import from its own layer and the layers before it
LAYERS: list[set[str]] = [
    {"errors", "records", "__version__", "progress"},
    {"readers"},
    {"extract"},
    {"rdf"},
    {"store"},
    {"query", "story"},
    {"export", "evaluate", "serve"},
    {"ingest", "engine"},
    {"cli", "cliextract", "cliserve", "clioptions", "clidoc", "__main__", "__init__"},
]
LAYER = {room: rank for rank, rooms in enumerate(LAYERS) for room in rooms}


@dataclass(frozen=True)
class Import:
    importer: str
    target: str
    line: int
    in_function: bool
    type_checking: bool


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {
    module_name(path): path
    for path in sorted(PACKAGE.rglob("*.py"))
    if "ontology" not in path.relative_to(PACKAGE).parts
}


def room(module: str) -> str:
    """The folder or top-level file a module belongs to: ``storygraph.store.base`` → store."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def resolve(base: str, name: str | None) -> str:
    """``from base import name``: the submodule when ``name`` is one, else ``base``."""
    if name and f"{base}.{name}" in MODULES:
        return f"{base}.{name}"
    return base


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(module: str, path: Path) -> list[Import]:
    """The storygraph modules that ``module`` imports, with where each import sits."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool, type_checking: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                visit(child, True, type_checking)
            elif isinstance(child, ast.If) and is_type_checking(child.test):
                visit(child, in_function, True)
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name == "storygraph" or alias.name.startswith("storygraph."):
                        found.append(
                            Import(module, alias.name, child.lineno, in_function, type_checking)
                        )
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    anchor = module.split(".")
                    anchor = anchor[: len(anchor) - child.level + (1 if is_package else 0)]
                    base = ".".join([*anchor, *([child.module] if child.module else [])])
                else:
                    base = child.module or ""
                if base == "storygraph" or base.startswith("storygraph."):
                    for alias in child.names:
                        target = resolve(base, alias.name)
                        found.append(
                            Import(module, target, child.lineno, in_function, type_checking)
                        )
            else:
                visit(child, in_function, type_checking)

    visit(tree, False, False)
    return found


IMPORTS = [imp for module, path in MODULES.items() for imp in imports_of(module, path)]


def where(imp: Import) -> str:
    return f"{MODULES[imp.importer].relative_to(ROOT)}:{imp.line} imports {imp.target}"


def test_every_module_is_in_a_layer() -> None:
    assert sorted({room(m) for m in MODULES} - set(LAYER)) == []


def test_no_import_cycle() -> None:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for imp in IMPORTS:
        if not imp.type_checking and imp.target in graph and imp.target != imp.importer:
            graph[imp.importer].add(imp.target)
    cycles = [" <-> ".join(sorted(c)) for c in strongly_connected(graph) if len(c) > 1]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_no_import_from_a_higher_layer() -> None:
    upward = [
        f"{where(imp)} ({room(imp.importer)} may not import {room(imp.target)})"
        for imp in IMPORTS
        if LAYER.get(room(imp.target), 0) > LAYER.get(room(imp.importer), 0)
    ]
    assert not upward, "upward imports:\n" + "\n".join(upward)


def test_nothing_imports_the_package_init() -> None:
    found = [where(imp) for imp in IMPORTS if imp.target == "storygraph"]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_at_most_600_lines(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines: split it (see docs/architecture.md)"


def test_no_function_level_import_of_a_storygraph_module() -> None:
    # optional heavy third-party packages may be imported lazily; storygraph modules may not
    found = [where(imp) for imp in IMPORTS if imp.in_function]
    assert not found, "function-level imports:\n" + "\n".join(found)


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's strongly connected components (iterative, so deep graphs are fine)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert sorted(sorted(c) for c in strongly_connected(graph) if len(c) > 1) == [["a", "b", "c"]]
    assert all(len(c) == 1 for c in strongly_connected({"a": {"b"}, "b": set()}))
