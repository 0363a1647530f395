"""Grids: several statements answered on one scale, drawn as one table.

A grid is made of consecutive single-choice questions (``likert`` or
``radio``) with the same options and the same ``"x-grid"`` name: each
statement stays a question of its own, so it is validated, exported (a
column per statement) and analysed (as a satisfaction measure, a Likert item
or an index element) like any other; only the page draws the rows together,
with the options as the table's columns. The SIPAS elements are naturally one.
"""

from __future__ import annotations

import re
from typing import Any

from form_schemas.issues import Finding
from form_schemas.refs import resolve
from form_schemas.walk import child
from form_schemas.widgets import infer_widget

__all__ = ["GRID_WIDGETS", "check_grids", "grid_before", "grid_of"]

#: The widgets a grid's rows may have: one choice from the shared options.
GRID_WIDGETS = ("likert", "radio")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def grid_of(schema: dict[str, Any]) -> str | None:
    """The name of the grid a question is a row of, if any."""
    name = schema.get("x-grid")
    return name if isinstance(name, str) else None


def grid_before(definition: dict[str, Any], name: str) -> str | None:
    """The grid of the question just before ``name``, if it is a grid's row."""
    properties = definition.get("properties")
    names = list(properties) if isinstance(properties, dict) else []
    if name not in names or names.index(name) == 0:
        return None
    raw = properties[names[names.index(name) - 1]]  # type: ignore[index]
    return grid_of(raw) if isinstance(raw, dict) else None


def _options(schema: dict[str, Any]) -> list[tuple[Any, Any]]:
    options = schema.get("oneOf")
    if not isinstance(options, list):
        return []
    return [(o.get("const"), o.get("title")) for o in options if isinstance(o, dict)]


def check_grids(definition: dict[str, Any]) -> list[Finding]:
    """Findings for the ``x-grid`` rows of ``definition``: a valid name, a single-choice
    widget, rows next to each other, the same options as the grid's first row."""
    properties = definition.get("properties")
    if not isinstance(properties, dict):
        return []
    findings: list[Finding] = []
    first: dict[str, tuple[str, dict[str, Any]]] = {}
    closed: set[str] = set()
    previous: str | None = None
    for name, raw in properties.items():
        if not isinstance(raw, dict):
            previous = None
            continue
        schema = resolve(raw, definition)
        where = child("/properties", name)
        value = raw.get("x-grid")
        grid = grid_of(raw)
        if value is not None and (grid is None or not _NAME.match(grid)):
            findings.append(Finding(child(where, "x-grid"), "grid_name"))
            grid = None
        if previous is not None and grid != previous:
            closed.add(previous)
        if grid is not None:
            widget = infer_widget(schema)
            if widget not in GRID_WIDGETS:
                findings.append(Finding(child(where, "x-widget"), "grid_widget",
                                        {"widget": widget, "grid": grid}))
            if grid in closed:
                findings.append(Finding(child(where, "x-grid"), "grid_apart", {"grid": grid}))
            elif grid not in first:
                first[grid] = (name, schema)
            elif _options(schema) != _options(first[grid][1]):
                findings.append(Finding(child(where, "oneOf"), "grid_options",
                                        {"grid": grid, "first": first[grid][0]}))
        previous = grid
    return findings
