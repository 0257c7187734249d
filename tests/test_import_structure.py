"""Dependencies point one way: no import cycles among our modules (imports inside
functions included, so none can hide a cycle there), and nothing in `wegwijzer`
imports the Rasa actions in `actions/`."""
from __future__ import annotations

import ast
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from conftest import ROOT

PACKAGES = ("wegwijzer", "actions")


def module_files() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """Our modules that `name` imports anywhere in its file. `from package import
    submodule` counts as an import of the submodule only."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(filter(None, [package.rsplit(".", node.level - 1)[0], node.module]))
            submodules = {f"{base}.{alias.name}" for alias in node.names} & known
            found.update(submodules or ({base} & known))
    return found - {name}


@lru_cache(maxsize=1)  # every test reads the same graph: parse the files once
def import_graph() -> dict[str, set[str]]:
    files = module_files()
    return {name: imported_modules(name, path, set(files)) for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in graph.get(module, ()):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                other = stack.pop()
                component.append(other)
                if other == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_graph_sees_our_imports():
    graph = import_graph()
    assert "wegwijzer.directory.lookup" in graph["wegwijzer.directory.routes"]
    assert "wegwijzer.privacy.redact" in graph["wegwijzer.handoff.privacy"]  # a submodule, by name
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_wegwijzer_never_imports_the_actions():
    users = defaultdict(set)
    for module, imported in import_graph().items():
        if module.startswith("wegwijzer"):
            for other in imported:
                if other.split(".")[0] == "actions":
                    users[module].add(other)
    assert not users, dict(users)
