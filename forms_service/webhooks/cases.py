"""``case.opened`` and ``case.updated``: one call where a case opens (with the
answer, as a row stored with it; :func:`case_opened_now` for a case opened
otherwise) and one in the transaction of each change (a transition, a note).

The payload says where the case stands, never what anyone wrote: ids, state,
outcome, the form, procedure and unit codes, deadlines and whether it is
overdue. A note is free text: it reaches only the endpoints marked to
receive free text, masked as in exports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from forms_service.cases.states import overdue
from forms_service.db import Database
from forms_service.i18n import vietnam_today
from forms_service.responses.followups import FollowUp
from forms_service.webhooks.publish import pending, publish, subscribed

if TYPE_CHECKING:
    from forms_service.submissions.listeners import Answered

__all__ = ["case_opened", "case_opened_now", "case_updated"]


def _day(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]


def _moment(value: Any) -> str | None:
    if value is None:
        return None
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


async def case_opened(db: Database, answered: Answered, reasons: Sequence[str],
                      acknowledge_due: dt.date, respond_due: dt.date) -> tuple[FollowUp, ...]:
    """The pending ``case.opened`` of a case opened with ``answered`` (stored with it:
    ``data.response_id`` and ``data.case_id`` are filled in once both exist)."""
    if not await subscribed(db, "case.opened", answered.agency):
        return ()
    return (pending(db, "case.opened", answered.agency, {
        "agency": answered.agency_code, "form": answered.form_slug,
        "service": answered.service_code, "unit": answered.unit_code, "state": "new",
        "outcome": None, "reasons": list(reasons),
        "opened_at": _moment(answered.submitted_at),
        "acknowledge_due": _day(acknowledge_due), "respond_due": _day(respond_due),
        "overdue": False}),)


_CASE = (
    "SELECT c.id, c.response, c.state, c.outcome, c.reasons, c.opened_at, "
    "c.acknowledge_due, c.respond_due, c.closed_at, c.reopened, a.code AS agency_code, "
    "f.slug AS form, s.code AS service, u.code AS unit, au.code AS assigned_unit "
    "FROM feedback_case c JOIN agency a ON a.id = c.agency JOIN form f ON f.id = c.form "
    "LEFT JOIN response r ON r.id = c.response LEFT JOIN service s ON s.id = c.service "
    "LEFT JOIN unit u ON u.id = r.unit LEFT JOIN unit au ON au.id = c.assigned_unit "
    "WHERE c.id = {}"
)


async def _case_payload(db: Database, case_id: int) -> dict[str, Any] | None:
    rows = await db.raw(_CASE, case_id)
    if not rows:
        return None
    row = rows[0]
    return {
        "case_id": row["id"], "response": row["response"], "agency": row["agency_code"],
        "form": row["form"], "service": row["service"], "unit": row["unit"],
        "assigned_unit": row["assigned_unit"], "state": row["state"],
        "outcome": row["outcome"], "reasons": [r for r in (row["reasons"] or "").split(",")
                                               if r],
        "opened_at": _moment(row["opened_at"]),
        "acknowledge_due": _day(row["acknowledge_due"]),
        "respond_due": _day(row["respond_due"]), "closed_at": _moment(row["closed_at"]),
        "reopened": row["reopened"], "overdue": overdue(row, vietnam_today()),
    }


async def case_opened_now(db: Database, agency_id: int, case_id: int) -> bool:
    """``case.opened`` for a case opened otherwise than with an answer (by a person,
    say), in the caller's transaction, once its row is written; whether written."""
    if not await subscribed(db, "case.opened", agency_id):
        return False
    payload = await _case_payload(db, case_id)
    if payload is None:
        return False
    response = payload.pop("response")
    return await publish(db, "case.opened", agency_id, payload, response=response)


async def case_updated(db: Database, agency_id: int, case_id: int, *, action: str,
                       note: str | None = None) -> bool:
    """``case.updated`` for the change just made to case ``case_id`` (``action``: a
    transition's action, or ``note``), in the caller's transaction; whether written."""
    if not await subscribed(db, "case.updated", agency_id):
        return False
    payload = await _case_payload(db, case_id)
    if payload is None:
        return False
    response = payload.pop("response")
    return await publish(db, "case.updated", agency_id, {"action": action, **payload},
                         free_text={"note": note} if note else None, response=response)
