"""The state of a dossier from its events, and what it counts in ``dossier_month``.

Pure functions: no database. Events are applied in the order of their ``at``
(ties in the order they were stored); each sets the service, channel and
status, and every other field it carries (a field it leaves out keeps the
value of an earlier event). So events that arrive out of order give the
same state as in order: the latest by ``at`` wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from forms_service.i18n import local_month

__all__ = [
    "COUNTS", "GROUP", "STATE_FIELDS", "Contribution", "apply_event", "contribution",
    "derive",
]

#: What an event sets on the dossier when it carries it.
OPTIONAL_FIELDS = ("received_at", "due_at", "returned_at", "unit", "counter", "officer",
                   "submitted_by")
#: The dossier's columns that come from its events.
STATE_FIELDS = ("service", "channel", "status", *OPTIONAL_FIELDS, "last_event_at",
                "on_time", "month")
#: The group of a dossier_month row, after ``agency``.
GROUP = ("service", "unit", "officer", "channel", "submitted_by", "month")
#: The counts of a dossier_month row.
COUNTS = ("returned", "offered", "opened", "answered", "on_time", "late", "answered_rated",
          "answered_satisfied", "answered_on_time", "answered_on_time_rated",
          "answered_on_time_satisfied", "answered_late", "answered_late_rated",
          "answered_late_satisfied")

Contribution = tuple[tuple[Any, ...], tuple[int, ...]]


def apply_event(state: dict[str, Any], event: dict[str, Any]) -> None:
    """Apply ``event`` (a row of ``dossier_event``) to ``state``, the later one."""
    state["service"] = event["service"]
    state["channel"] = event["channel"]
    state["status"] = event["status"]
    for name in OPTIONAL_FIELDS:
        if event.get(name) is not None:
            state[name] = event[name]
    state["last_event_at"] = event["at"]


def derive(state: dict[str, Any]) -> None:
    """Set ``on_time`` and ``month`` from the rest of ``state``."""
    returned, due = state.get("returned_at"), state.get("due_at")
    state["on_time"] = None if returned is None or due is None else returned <= due
    returned_now = state.get("status") == "returned" and returned is not None
    state["month"] = local_month(_aware(returned)) if returned_now else None


def fold(events: Iterable[dict[str, Any]], state: dict[str, Any] | None = None
         ) -> dict[str, Any]:
    """The state after ``events`` (already in order) applied to ``state``."""
    result = dict(state or {})
    for event in events:
        apply_event(result, event)
    derive(result)
    return result


def contribution(agency: int, state: dict[str, Any] | None) -> Contribution | None:
    """The ``dossier_month`` row a dossier counts in and its counts, or ``None`` when it
    counts nowhere (not returned)."""
    if state is None or not state.get("month") or state.get("status") != "returned":
        return None
    answered = bool(state.get("answered"))
    satisfied = state.get("satisfied")
    rated = answered and satisfied is not None
    happy = rated and bool(satisfied)
    on_time = state.get("on_time")
    early, late = on_time is True, on_time is False
    counts = (
        1, int(bool(state.get("offered"))), int(bool(state.get("opened"))), int(answered),
        int(early), int(late), int(rated), int(happy),
        int(answered and early), int(rated and early), int(happy and early),
        int(answered and late), int(rated and late), int(happy and late),
    )
    key = (agency, *(state.get(name) for name in GROUP))
    return key, counts


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
