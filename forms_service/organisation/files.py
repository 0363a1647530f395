"""Rows of an import from a CSV text (a header line naming the fields) or JSON
(an array of objects, or one object per line)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from forms_service.errors import InvalidInput

__all__ = ["csv_rows", "json_rows"]


def csv_rows(text: str) -> list[dict[str, Any]]:
    """The rows of a CSV text; empty cells are left out (so they change nothing)."""
    text = text.lstrip("\ufeff")
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    rows = []
    for record in reader:
        rows.append({(key or "").strip(): value.strip() for key, value in record.items()
                     if key is not None and isinstance(value, str) and value.strip() != ""})
    return rows


def json_rows(text: str) -> list[Any]:
    """The rows of a JSON array, or of JSON Lines (one object per line)."""
    stripped = text.lstrip("\ufeff").strip()
    try:
        if stripped.startswith("["):
            value = json.loads(stripped)
            if isinstance(value, list):
                return value
        return [json.loads(line) for line in stripped.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise InvalidInput("The file is not JSON (line {line}): write an array of objects "
                           "or one object per line.", line=exc.lineno) from None
