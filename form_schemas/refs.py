"""References inside a definition: only ``#/$defs/<name>``, never recursive.

Also resolves a question's ``$ref`` into one effective schema, used to
infer its widget and options.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from form_schemas.issues import Finding
from form_schemas.walk import SchemaNode, child

__all__ = ["LOCAL_REF", "check_refs", "ref_name", "resolve"]

LOCAL_REF = re.compile(r"^#/\$defs/([A-Za-z0-9_-]{1,64})$")
_ROOT_ONLY = ("$id", "$schema", "$defs")
_DYNAMIC = ("$dynamicRef", "$recursiveRef")
_SPECIAL = frozenset({"$ref", *_ROOT_ONLY, *_DYNAMIC})
_DEFS_PREFIX = "/$defs/"
_MAX_HOPS = 32
#: Keywords a question may set differently from the ``$defs`` entry it refers to.
_OVERRIDABLE = frozenset({"title", "description", "$comment", "x-show-if", "x-widget"})


def ref_name(ref: object) -> str | None:
    """The ``$defs`` name of a local reference, or ``None``."""
    if not isinstance(ref, str):
        return None
    match = LOCAL_REF.match(ref)
    return match.group(1) if match else None


def _defs(definition: Mapping[str, Any]) -> dict[str, Any]:
    defs = definition.get("$defs")
    return defs if isinstance(defs, dict) else {}


def _owner(pointer: str) -> str | None:
    """The ``$defs`` entry a pointer lies in, if any."""
    if not pointer.startswith(_DEFS_PREFIX):
        return None
    token = pointer[len(_DEFS_PREFIX) :].split("/", 1)[0]
    return token.replace("~1", "/").replace("~0", "~")


def check_refs(definition: Mapping[str, Any], nodes: Iterable[SchemaNode]) -> list[Finding]:
    """Findings for non-local, dangling, dynamic, misplaced and recursive references."""
    defs = _defs(definition)
    findings: list[Finding] = []
    graph: dict[str, set[str]] = {name: set() for name in defs}
    for pointer, node, _ in nodes:
        special = node.keys() & _SPECIAL
        if not special:
            continue
        for keyword in sorted(special):
            if keyword in _DYNAMIC:
                findings.append(
                    Finding(child(pointer, keyword), "dynamic_ref", {"keyword": keyword})
                )
            elif keyword in _ROOT_ONLY and pointer:
                findings.append(Finding(child(pointer, keyword), "root_only", {"keyword": keyword}))
        if "$ref" not in node:
            continue
        ref = node["$ref"]
        name = ref_name(ref)
        if name is None:
            params = {"ref": str(ref)[:200]}
            findings.append(Finding(child(pointer, "$ref"), "ref_not_local", params))
        elif name not in defs:
            findings.append(Finding(child(pointer, "$ref"), "ref_unresolved", {"ref": ref}))
        else:
            if len(node) > 1:
                findings.extend(_conflicts(pointer, node, defs[name]))
            owner = _owner(pointer)
            if owner in graph:
                graph[owner].add(name)
    on_cycle = _on_cycles(graph)
    findings.extend(
        Finding(child("/$defs", name), "ref_recursive", {"name": name})
        for name in defs
        if name in on_cycle
    )
    return findings


def _conflicts(pointer: str, node: dict[str, Any], target: object) -> list[Finding]:
    if not isinstance(target, dict):
        return []
    return [
        Finding(child(pointer, keyword), "ref_conflict", {"keyword": keyword})
        for keyword, value in node.items()
        if keyword != "$ref"
        and keyword not in _OVERRIDABLE
        and keyword in target
        and target[keyword] != value
    ]


def _on_cycles(graph: dict[str, set[str]]) -> set[str]:
    """Vertices on a cycle: strongly connected components (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: set[str] = set()
    counter = 0
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, list(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            vertex, pending = work[-1]
            if pending:
                target = pending.pop()
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, list(graph[target])))
                elif target in on_stack:
                    low[vertex] = min(low[vertex], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[vertex])
            if low[vertex] == index[vertex]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == vertex:
                        break
                if len(component) > 1 or vertex in graph[vertex]:
                    result.update(component)
    return result


def resolve(schema: dict[str, Any], definition: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` with its local ``$ref`` chain merged in (own keywords win)."""
    defs = _defs(definition)
    merged = dict(schema)
    for _ in range(_MAX_HOPS):
        name = ref_name(merged.get("$ref"))
        target = defs.get(name) if name is not None else None
        if not isinstance(target, dict):
            break
        own = {key: value for key, value in merged.items() if key != "$ref"}
        merged = {**target, **own}
    return merged
