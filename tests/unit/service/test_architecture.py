"""The shape of the tree: no import circles among the service's modules, counting
imports made inside functions, and infrastructure apart from the domains."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("forms_service", "form_schemas", "embed", "analytics")


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    found["piccolo_conf"] = ROOT / "piccolo_conf.py"
    return found


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    """Module → the modules of ours it imports anywhere in its body (a package's
    ``__init__`` counts only when it is what is imported)."""
    modules = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = module.split(".") if is_package else module.split(".")[:-1]
                    base = base[:len(base) - node.level + 1]
                    source = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    source = node.module or ""
                targets = [f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules
                           else source for alias in node.names]
            for target in targets:
                found = _resolve(target, modules)
                if found and found != module:
                    graph[module].add(found)
        graph.setdefault(module, set())
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_the_circle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_in_a_circle() -> None:
    found = circles(import_graph())
    assert found == [], "import circles (counting imports inside functions): " + "; ".join(
        " ↔ ".join(circle) for circle in found)


def test_the_database_layer_imports_no_domain() -> None:
    """``forms_service.db`` is infrastructure: it may import the settings and itself."""
    graph = import_graph()
    for module, targets in graph.items():
        if module == "forms_service.db" or module.startswith("forms_service.db."):
            ours = {t for t in targets if t.startswith("forms_service")}
            allowed = {t for t in ours if t == "forms_service.settings"
                       or t == "forms_service.db" or t.startswith("forms_service.db.")}
            assert ours == allowed, f"{module} imports {sorted(ours - allowed)}"


def test_the_pure_libraries_import_nothing_of_the_service() -> None:
    graph = import_graph()
    for module, targets in graph.items():
        package = module.split(".")[0]
        if package in ("form_schemas", "analytics"):
            assert {t.split(".")[0] for t in targets} <= {package}, module
        if package == "embed":
            assert {t.split(".")[0] for t in targets} <= {"embed", "form_schemas"}, module
