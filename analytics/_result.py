"""Shared behaviour of the result objects: a short repr and JSON-safe dicts."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from enum import Enum
from typing import Any

import numpy as np


def json_safe(value: Any) -> Any:
    """Convert a result (or any nesting of them) into JSON-safe Python values.

    Dataclasses become dicts, tuples become lists, enums become their string
    values, numpy scalars become Python numbers, and ``nan`` or infinite
    floats become ``None`` (JSON has no ``NaN``).

    >>> json_safe({"rate": float("nan"), "counts": (1, 2)})
    {'rate': None, 'counts': [1, 2]}
    """
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: json_safe(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(json_safe(k)): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | np.ndarray):
        return [json_safe(item) for item in value]
    raise TypeError(f"cannot convert {type(value).__name__} to a JSON value")


def _short(value: Any) -> str:
    if isinstance(value, Enum):
        return repr(value.value)
    if isinstance(value, float):
        shown = format(value, ".4g")
        return shown + ".0" if shown.lstrip("-").isdigit() else shown
    if isinstance(value, tuple) and len(value) > 6:
        head = ", ".join(_short(item) for item in value[:3])
        return f"({head}, … {len(value)} items)"
    if isinstance(value, tuple):
        inner = ", ".join(_short(item) for item in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)


class Result:
    """Mixin for frozen result dataclasses.

    The repr shows floats to four significant digits so that results read
    well in a notebook or a log; the full-precision values stay in the
    fields. :meth:`to_dict` gives JSON-safe values (``nan`` becomes ``None``).
    """

    __slots__ = ()

    def __repr__(self) -> str:
        shown = (f for f in dataclasses.fields(self) if f.repr)  # type: ignore[arg-type]
        parts = ", ".join(f"{f.name}={_short(getattr(self, f.name))}" for f in shown)
        return f"{type(self).__name__}({parts})"

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a dict of JSON-safe values (``nan`` → ``None``)."""
        result: dict[str, Any] = json_safe(self)
        return result
