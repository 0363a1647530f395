"""What opening a case reads: a form's case rule and an agency's deadlines and days
off, kept per process for a few seconds.

Every answer asks for its form's rule, so the rule is kept (and that a
form has none); a change made through this process is seen at once, one
made through another process within :data:`KEEP_SECONDS`.
"""

from __future__ import annotations

import datetime as dt
import time
import weakref
from dataclasses import dataclass, field
from typing import Any

from forms_service.cases.rules import DEFAULT_RULE, CaseRule, parse_rule
from forms_service.cases.workdays import WorkCalendar
from forms_service.db import Database, json_value
from forms_service.db.lanes import read_rows

__all__ = ["DEFAULTS", "KEEP_SECONDS", "Policy", "agency_policy", "forget", "form_rule"]

KEEP_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class Policy:
    """An agency's deadlines (working days), reopening window (days) and calendar."""

    acknowledge_days: int = 2
    respond_days: int = 10
    reopen_days: int = 30
    calendar: WorkCalendar = field(default_factory=WorkCalendar)

    def deadlines(self, opened: dt.date) -> tuple[dt.date, dt.date]:
        """The acknowledge and respond deadlines of a case opened on ``opened``."""
        return (self.calendar.add(opened, self.acknowledge_days),
                self.calendar.add(opened, self.respond_days))


DEFAULTS = Policy()

_kept: weakref.WeakKeyDictionary[Database, dict[tuple[str, int], tuple[float, Any]]] = (
    weakref.WeakKeyDictionary()
)


def _get(db: Database, key: tuple[str, int]) -> tuple[bool, Any]:
    seen = _kept.get(db)
    if seen and key in seen and seen[key][0] > time.monotonic():
        return True, seen[key][1]
    return False, None


def _put(db: Database, key: tuple[str, int], value: Any) -> None:
    seen = _kept.setdefault(db, {})
    if len(seen) > 10_000:
        seen.clear()
    seen[key] = (time.monotonic() + KEEP_SECONDS, value)


def forget(db: Database, kind: str, ident: int) -> None:
    """Drop what is kept of form ``ident``'s rule (``rule``) or an agency's policy."""
    seen = _kept.get(db)
    if seen:
        seen.pop((kind, ident), None)


async def form_rule(db: Database, form_id: int) -> CaseRule:
    """The case rule of a form, the default rule if it has none."""
    found, rule = _get(db, ("rule", form_id))
    if found:
        return rule  # type: ignore[no-any-return]
    rows = await read_rows(db, "SELECT rule FROM case_rule WHERE form = {}", form_id)
    # stored rules were checked against the form when stored
    rule = parse_rule(json_value(rows[0]["rule"]), None, checked=True) if rows else DEFAULT_RULE
    _put(db, ("rule", form_id), rule)
    return rule


async def agency_policy(db: Database, agency_id: int) -> Policy:
    """An agency's deadlines and days off, the defaults where it set none."""
    found, policy = _get(db, ("policy", agency_id))
    if found:
        return policy  # type: ignore[no-any-return]
    rows = await read_rows(db, "SELECT acknowledge_days, respond_days, reopen_days "
                               "FROM case_settings WHERE agency = {}", agency_id)
    days = await read_rows(db, "SELECT day FROM case_day_off WHERE agency = {}", agency_id)
    calendar = WorkCalendar.of(_date(row["day"]) for row in days)
    policy = Policy(**rows[0], calendar=calendar) if rows else Policy(calendar=calendar)
    _put(db, ("policy", agency_id), policy)
    return policy


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
