"""Values as the two databases hand them back."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["json_value"]


def json_value(value: Any) -> Any:
    """A JSON column's value: PostgreSQL returns it decoded, SQLite as text."""
    return json.loads(value) if isinstance(value, str) else value
