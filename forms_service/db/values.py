"""Values as the two databases hand them back."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

__all__ = ["json_value", "moment_value"]


def json_value(value: Any) -> Any:
    """A JSON column's value: PostgreSQL returns it decoded, SQLite as text."""
    return json.loads(value) if isinstance(value, str) else value


def moment_value(value: Any) -> Any:
    """A timestamp column's value as an aware ``datetime`` (SQLite may hand back text,
    and naive values are UTC); ``None`` stays ``None``."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
