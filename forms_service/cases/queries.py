"""Reading cases: the list with its filters and counts, and one case in full (with
its replies to the citizen and their follow-up answers; whether it keeps a contact
to reply by and by which channel, never the contact).

Cases are an agency's: a key of another agency is told there is no such case
(404); the national office reads every agency's.  A person limited to a unit
sees only the cases of answers given at that unit or its sub-units, or
assigned to one of them; the others are no such case for them either.  The
answer a case was opened for, and the notes on it, are shown with personal
identifiers masked as in exports, unless the caller may read them unmasked and
asks to (``unmasked=true``), which is recorded in ``export_audit`` (dataset
``case``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from forms_service.agencies.service import agency_by_code
from forms_service.auth import Principal
from forms_service.cases.replies import replies_of
from forms_service.cases.states import STATES, allowed_actions, day_of, overdue
from forms_service.context import Context
from forms_service.db import json_value
from forms_service.errors import InvalidInput, NotFound
from forms_service.exports.masking import answer_masker
from forms_service.exports.tables import ExportAudit
from forms_service.i18n import VIETNAM, vietnam_today
from forms_service.reports.params import check_period, month_range
from forms_service.roles import ROLES, require_unmasked_reader

__all__ = ["HANDLERS", "MAX_PAGE", "case_detail", "case_row", "list_cases", "load_case",
           "open_counts", "period_bounds", "unit_condition"]

MAX_PAGE = 200
#: The roles that handle cases (read them; change them in their own agency), from the
#: roles' registry.
HANDLERS = tuple(spec.role for spec in ROLES.values() if spec.handles_cases)

# one case with the codes it links, for the list and the detail
_CASE = """
SELECT c.id, c.agency, a.code AS agency_code, f.slug AS form, c.response, c.state, c.outcome,
       c.reasons, c.dossier_hash, c.opened_at, c.acknowledge_due, c.respond_due,
       c.acknowledged_at, c.responded_at, c.closed_at, c.reopened, c.updated_at,
       s.code AS service, u.code AS unit, o.code AS officer, au.code AS assigned_unit,
       c.assigned_person, p.name AS assigned_person_name, r.unit AS unit_id,
       c.assigned_unit AS assigned_unit_id, c.contact_channel,
       c.sealed_contact IS NOT NULL AS has_contact, c.follow_up, c.follow_up_at
"""
_FROM = """
FROM feedback_case c
JOIN agency a ON a.id = c.agency
JOIN form f ON f.id = c.form
LEFT JOIN response r ON r.id = c.response
LEFT JOIN service s ON s.id = c.service
LEFT JOIN unit u ON u.id = r.unit
LEFT JOIN officer o ON o.id = r.officer
LEFT JOIN unit au ON au.id = c.assigned_unit
LEFT JOIN person p ON p.id = c.assigned_person
"""
_CASE += _FROM
# open and past a deadline on ``today`` (two placeholders: today, today)
OVERDUE_SQL = ("((c.state = 'new' AND c.acknowledge_due < {}) OR "
               "(c.state IN ('new', 'acknowledged', 'assigned') AND c.respond_due < {}))")


def case_row(row: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A case as the API gives it (the dossier only as whether it has one)."""
    out = {k: v for k, v in row.items()
           if k not in ("agency", "dossier_hash", "response", "unit_id", "assigned_unit_id")}
    out["reasons"] = [r for r in (row["reasons"] or "").split(",") if r]
    out["acknowledge_due"] = day_of(row["acknowledge_due"])
    out["respond_due"] = day_of(row["respond_due"])
    out["agency"] = row["agency_code"]
    del out["agency_code"]
    out["has_dossier"] = row["dossier_hash"] is not None
    out["has_contact"] = bool(row["has_contact"])
    out["overdue"] = overdue(row, today)
    out["actions"] = list(allowed_actions(row["state"]))
    return out


async def _scope(principal: Principal, agency: str | None) -> int | None:
    """The agency whose cases a caller reads: the one named, or its own."""
    principal.require_role(*HANDLERS)
    if agency:
        row = await agency_by_code(agency)
        if not principal.can_see_agency(row["id"]):
            raise NotFound("There is no agency with code {code}.", code=agency[:40])
        return int(row["id"])
    return principal.agency_id


def unit_condition(principal: Principal) -> tuple[str, list[int]]:
    """SQL (over ``r`` and ``c`` of the case query) keeping the cases a person limited
    to a unit sees: those of an answer given at one of their units, or assigned to one;
    ``1 = 1`` for everybody else."""
    if principal.unit_ids is None:
        return "1 = 1", []
    units = sorted(principal.unit_ids)
    if not units:
        return "1 = 0", []
    marks = ", ".join("{}" for _ in units)
    return f"(r.unit IN ({marks}) OR c.assigned_unit IN ({marks}))", units + units


def period_bounds(period: str | None) -> tuple[dt.datetime, dt.datetime] | None:
    """The first moment of ``period`` (2026, 2026-Q4, 2026-12; Vietnam time) and the first
    after it, in UTC; None for every period."""
    chosen = month_range(check_period(period))
    if chosen is None:
        return None
    (y1, m1), (y2, m2) = (map(int, chosen[0].split("-")), map(int, chosen[1].split("-")))
    start = dt.datetime(y1, m1, 1, tzinfo=VIETNAM)
    end = dt.datetime(y2 + m2 // 12, m2 % 12 + 1, 1, tzinfo=VIETNAM)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


async def list_cases(
    ctx: Context, principal: Principal, *, agency: str | None = None, state: str | None = None,
    overdue_only: bool | None = None, unit: str | None = None, service: str | None = None,
    officer: str | None = None, form: str | None = None, period: str | None = None,
    before: int | None = None, limit: int = 50,
) -> dict[str, Any]:
    """A page of cases, newest first (``next_before`` continues it), with the counts of
    the filtered cases by state and overdue."""
    scope = await _scope(principal, agency)
    if state is not None and state not in STATES:
        raise InvalidInput("state must be one of: {states}.", states=", ".join(STATES))
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput("limit must be between 1 and {max}.", max=MAX_PAGE)
    today = vietnam_today()
    limit_units, args = unit_condition(principal)
    where = [limit_units]
    if scope is not None:
        where.append("c.agency = {}")
        args.append(scope)
    for column, value in (("u.code", unit), ("s.code", service), ("o.code", officer),
                          ("f.slug", form)):
        if value:
            if column == "u.code":
                where.append("(u.code = {} OR au.code = {})")
                args += [value, value]
            else:
                where.append(f"{column} = {{}}")
                args.append(value)
    bounds = period_bounds(period)
    if bounds is not None:
        where.append("c.opened_at >= {} AND c.opened_at < {}")
        args += list(bounds)
    if overdue_only is not None:
        where.append(OVERDUE_SQL if overdue_only else f"NOT {OVERDUE_SQL}")
        args += [today, today]
    counts_rows = await ctx.db.raw(
        f"SELECT c.state, {OVERDUE_SQL} AS late, COUNT(*) AS n {_FROM} "
        f"WHERE {' AND '.join(where)} GROUP BY 1, 2", today, today, *args)
    counts = dict.fromkeys(STATES, 0) | {"overdue": 0}
    for row in counts_rows:
        counts[row["state"]] += row["n"]
        if row["late"]:
            counts["overdue"] += row["n"]
    if state is not None:
        where.append("c.state = {}")
        args.append(state)
    if before is not None:
        where.append("c.id < {}")
        args.append(before)
    rows = await ctx.db.raw(f"{_CASE} WHERE {' AND '.join(where)} ORDER BY c.id DESC "
                            f"LIMIT {limit + 1}", *args)
    more = len(rows) > limit
    items = [case_row(row, today) for row in rows[:limit]]
    return {"items": items, "counts": counts,
            "next_before": items[-1]["id"] if more else None}


async def open_counts(ctx: Context, principal: Principal,
                      agency: str | None = None) -> dict[str, int] | None:
    """The open cases of the caller's agency (or of ``agency``; the national office: of
    every agency; a person limited to a unit: of its subtree), those overdue, and those
    overdue to acknowledge and to respond; None for a caller who does not handle cases."""
    if principal.role not in HANDLERS and not principal.is_admin:
        return None
    scope = await _scope(principal, agency)
    today = vietnam_today()
    limit_units, args = unit_condition(principal)
    where = f" AND {limit_units}"
    if scope is not None:
        where += " AND c.agency = {}"
        args.append(scope)
    [row] = await ctx.db.raw(
        "SELECT COUNT(*) AS open, "
        f"SUM(CASE WHEN {OVERDUE_SQL} THEN 1 ELSE 0 END) AS overdue, "
        "SUM(CASE WHEN c.state = 'new' AND c.acknowledge_due < {} THEN 1 ELSE 0 END) "
        "AS acknowledge_overdue, SUM(CASE WHEN c.state IN ('new', 'acknowledged', "
        "'assigned') AND c.respond_due < {} THEN 1 ELSE 0 END) AS respond_overdue "
        "FROM feedback_case c LEFT JOIN response r ON r.id = c.response "
        f"WHERE c.state <> 'closed'{where}",
        today, today, today, today, *args)
    return {k: int(row[k] or 0) for k in ("open", "overdue", "acknowledge_overdue",
                                          "respond_overdue")}


async def load_case(ctx: Context, principal: Principal, case_id: int) -> dict[str, Any]:
    """The case row, if the caller handles cases and may see its agency (and, limited
    to a unit, its unit or the unit it is assigned to)."""
    principal.require_role(*HANDLERS)
    rows = await ctx.db.raw(f"{_CASE} WHERE c.id = {{}}", case_id)
    if not rows or not principal.can_see_agency(rows[0]["agency"]) or not \
            principal.can_see_unit(rows[0]["unit_id"], rows[0]["assigned_unit_id"]):
        raise NotFound("There is no case {id}.", id=case_id)
    return rows[0]


async def _timeline(ctx: Context, row: dict[str, Any]) -> list[dict[str, Any]]:
    """The dossier's events, oldest first (no dossier: none)."""
    if row["dossier_hash"] is None:
        return []
    return list(await ctx.db.raw(
        "SELECT e.status, e.at, e.channel, u.code AS unit, o.code AS officer, e.received_at, "
        "e.due_at, e.returned_at FROM dossier_event e LEFT JOIN unit u ON u.id = e.unit "
        "LEFT JOIN officer o ON o.id = e.officer WHERE e.agency = {} AND e.dossier_hash = {} "
        "ORDER BY e.at, e.id", row["agency"], row["dossier_hash"]))


async def case_detail(ctx: Context, principal: Principal, case_id: int, *,
                      unmasked: bool = False, locale: str = "vi") -> dict[str, Any]:
    """A case with its answer, dossier timeline, transitions and notes."""
    row = await load_case(ctx, principal, case_id)
    if unmasked:
        require_unmasked_reader(principal.role)
    answer = None
    if row["response"] is not None:
        [found] = await ctx.db.raw("SELECT answers, submitted_at, channel, locale, "
                                   "satisfaction_value, satisfied FROM response WHERE id = {}",
                                   row["response"])
        answer = {**found, "answers": json_value(found["answers"])}
    notes = await ctx.db.raw("SELECT id, actor, text, at FROM case_note WHERE \"case\" = {} "
                             "ORDER BY id", case_id)
    replies = await replies_of(ctx, case_id)
    masker = None if unmasked else answer_masker(locale)
    if masker is not None:
        if answer is not None:
            answer["answers"] = masker.deep(answer["answers"])
        for note in notes:
            note["text"] = masker.mask(note["text"])
        for reply in replies:
            if reply["comment"] is not None:
                reply["comment"] = masker.mask(reply["comment"])
    else:
        [form] = await ctx.db.raw("SELECT form FROM feedback_case WHERE id = {}", case_id)
        now = dt.datetime.now(dt.UTC)
        await ExportAudit.insert(ExportAudit(
            key_id=principal.key_id[:64], dataset="case", form=form["form"], format="json",
            locale=locale, unmasked=True, row_count=1, completed=True, finished_at=now,
        )).run()
    transitions = await ctx.db.raw(
        "SELECT action, from_state, to_state, outcome, actor, at FROM case_transition "
        "WHERE \"case\" = {} ORDER BY id", case_id)
    return {**case_row(row, vietnam_today()), "answer": answer,
            "dossier_timeline": await _timeline(ctx, row), "transitions": transitions,
            "notes": notes, "replies": replies}
