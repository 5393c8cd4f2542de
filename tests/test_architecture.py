"""The folder layout is the architecture map: packages import each other without circles, and no
module reaches into another package's private names."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "core"


def _package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else "(top)"


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports() -> list[tuple[str, str, str, int]]:
    """(importing module, imported module, imported name, line) for every brandfit import in core/."""
    found = []
    for path in sorted(CORE.rglob("*.py")):
        rel = path.relative_to(CORE).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        module = ".".join(["brandfit", *parts])
        if path.name == "__init__.py":
            module += ".__init__"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If) and _is_type_checking(block.test)
                       for stmt in block.body for n in ast.walk(stmt)}
        for node in ast.walk(tree):
            if id(node) in typing_only:  # annotations only: no import at run time, so no circle
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("brandfit."):
                for alias in node.names:
                    found.append((module, node.module, alias.name, node.lineno))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("brandfit."):
                        found.append((module, alias.name, "", node.lineno))
    return found


def _package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for importer, imported, _name, _line in _imports():
        a, b = _package_of(importer), _package_of(imported)
        if a != b and a != "(top)" and b != "(top)":
            graph.setdefault(a, set()).add(b)
    return graph


def test_packages_import_each_other_without_circles() -> None:
    graph = _package_graph()
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            cycle = path[path.index(node):] + [node]
            raise AssertionError("import circle between packages: " + " -> ".join(cycle))
        if node in done:
            return
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, [*path, node])
        done.add(node)

    for start in sorted(graph):
        visit(start, [])


def test_modules_import_no_private_name_from_another_package() -> None:
    offenders = [f"{a}:{line} imports {b}.{name}" for a, b, name, line in _imports()
                 if name.startswith("_") and _package_of(a) != _package_of(b)]
    assert not offenders, offenders
