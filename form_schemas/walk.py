"""JSON Pointers and a walk over the subschemas of a JSON Schema document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

__all__ = [
    "SCHEMA_LISTS",
    "SCHEMA_MAPS",
    "SCHEMA_SINGLES",
    "SchemaNode",
    "child",
    "escape",
    "iter_schema_nodes",
    "iter_subschemas",
]

#: Keywords whose value is one subschema.
SCHEMA_SINGLES: tuple[str, ...] = (
    "items",
    "additionalItems",
    "additionalProperties",
    "propertyNames",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
    "x-show-if",
)
#: Keywords whose value is a list of subschemas.
SCHEMA_LISTS: tuple[str, ...] = ("allOf", "anyOf", "oneOf", "prefixItems")
#: Keywords whose value maps names to subschemas.
SCHEMA_MAPS: tuple[str, ...] = (
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "dependencies",
)
_KIND: dict[str, int] = {
    **dict.fromkeys(SCHEMA_SINGLES, 1),
    **dict.fromkeys(SCHEMA_LISTS, 2),
    **dict.fromkeys(SCHEMA_MAPS, 3),
}


class SchemaNode(NamedTuple):
    """An object subschema, where it is, and whether it is part of an ``x-show-if``."""

    pointer: str
    schema: dict[str, Any]
    in_condition: bool


def escape(token: str) -> str:
    """Escape one JSON Pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def child(pointer: str, *tokens: str | int) -> str:
    """``pointer`` extended by ``tokens``."""
    return pointer + "".join("/" + escape(str(token)) for token in tokens)


def iter_schema_nodes(schema: Any, pointer: str = "") -> Iterator[SchemaNode]:
    """Every object subschema of ``schema`` (itself included), in document order.

    Boolean schemas carry no keywords and are skipped. The walk is
    iterative; callers bound the depth of the document first.
    """
    stack: list[tuple[str, Any, bool]] = [(pointer, schema, False)]
    while stack:
        where, node, in_condition = stack.pop()
        if not isinstance(node, dict):
            continue
        yield SchemaNode(where, node, in_condition)
        found: list[tuple[str, Any, bool]] = []
        for keyword, value in node.items():
            kind = _KIND.get(keyword)
            if kind is None:
                continue
            inside = in_condition or keyword == "x-show-if"
            base = where + "/" + escape(keyword)
            if kind == 1:
                found.append((base, value, inside))
            elif kind == 2 and isinstance(value, list):
                found.extend((f"{base}/{i}", item, inside) for i, item in enumerate(value))
            elif kind == 3 and isinstance(value, dict):
                found.extend(
                    (base + "/" + escape(key), item, inside) for key, item in value.items()
                )
        stack.extend(reversed(found))


def iter_subschemas(schema: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """``(pointer, subschema)`` for every object subschema of ``schema``."""
    for node in iter_schema_nodes(schema, pointer):
        yield node.pointer, node.schema
