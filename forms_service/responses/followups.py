"""A row stored with a response, in its transaction (see
:mod:`forms_service.submissions.listeners`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["FollowUp"]


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A row to insert into ``table`` with the stored response: ``values`` by column, the
    response's id going into column ``response``.  ``table`` and the column names are
    the code's own, never taken from a request."""

    table: str
    values: Mapping[str, Any]
