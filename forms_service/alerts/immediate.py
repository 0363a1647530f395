"""The e-mail on each new case, to the people who asked for it and whose scope the
case is in.

A case is opened in the transaction that stores its answer, with
``alerted_at`` empty: that row is the promise of its alerts, so none is lost.
Right after an answer is stored its case is announced (:func:`answer_stored`),
and the sweep run every minute with the reminders (:func:`send_case_alerts`)
announces any case left behind (a process stopped in between). Announcing a
case sets ``alerted_at`` and queues the e-mails in one transaction, one per
person (idempotency key ``case-<case>-<person>``), so that two processes never
announce a case twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from forms_service.alerts.mail import CaseFacts, case_email
from forms_service.alerts.preferences import recipients
from forms_service.context import Context
from forms_service.db import Database
from forms_service.outbox.queue import enqueue, sealer
from forms_service.submissions.stored import StoredAnswer, on_stored

__all__ = ["announce", "answer_stored", "send_case_alerts"]

log = logging.getLogger("phieu.alerts")
BATCH = 200

_CASE = (
    "SELECT c.id, c.agency, c.reasons, c.acknowledge_due, c.respond_due, a.name AS agency_name, "
    "f.slug, s.name AS service_name, s.code AS service_code, r.unit, "
    "c.assigned_unit, u.name AS unit_name, u.code AS unit_code FROM feedback_case c "
    "JOIN agency a ON a.id = c.agency JOIN form f ON f.id = c.form "
    "LEFT JOIN service s ON s.id = c.service LEFT JOIN response r ON r.id = c.response "
    "LEFT JOIN unit u ON u.id = COALESCE(r.unit, c.assigned_unit) ")


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


async def announce(db: Database, public_url: str, case_id: int) -> int:
    """Queue the alerts of case ``case_id`` unless they were; how many e-mails."""
    now = dt.datetime.now(dt.UTC)
    base = public_url.rstrip("/")
    async with db.write_transaction():
        claimed = await db.raw("UPDATE feedback_case SET alerted_at = {} WHERE id = {} "
                               "AND alerted_at IS NULL RETURNING id", now, case_id)
        if not claimed:
            return 0
        [row] = await db.raw(_CASE + "WHERE c.id = {}", case_id)
        people = await recipients(db, int(row["agency"]), kind="case",
                                  units=(row["unit"], row["assigned_unit"]))
        unit = (f"{row['unit_name']} ({row['unit_code']})" if row["unit_code"] else None)
        service = (f"{row['service_name']} ({row['service_code']})" if row["service_code"]
                   else None)
        facts = CaseFacts(
            id=case_id, agency=row["agency_name"], form=row["slug"],
            service=service, unit=unit,
            reasons=tuple(r for r in (row["reasons"] or "").split(",") if r),
            acknowledge_due=_date(row["acknowledge_due"]),
            respond_due=_date(row["respond_due"]), link=f"{base}/cases/{case_id}",
            account=f"{base}/account")
        seal, sent = sealer(db), 0
        for person in people:
            payload = {"to": person["email"]} | case_email(person["locale"] or "vi", facts)
            if await enqueue(db, channel="email", kind="case_alert",
                             key=f"case-{case_id}-{person['id']}", payload=payload,
                             agency=int(row["agency"]), seal=seal):
                sent += 1
    return sent


async def send_case_alerts(ctx: Context) -> int:
    """Announce the cases not announced yet (the sweep); how many e-mails."""
    rows = await ctx.db.raw("SELECT id FROM feedback_case WHERE alerted_at IS NULL "
                            "ORDER BY id LIMIT {}", BATCH)
    sent = 0
    for row in rows:
        sent += await announce(ctx.db, ctx.settings.public_url, int(row["id"]))
    return sent


async def answer_stored(db: Database, answer: StoredAnswer) -> None:
    """Announce the case the answer opened, if it opened one, right away."""
    try:
        rows = await db.raw("SELECT id FROM feedback_case WHERE response = {} "
                            "AND alerted_at IS NULL", answer.response_id)
        for row in rows:
            await announce(db, db.settings.public_url, int(row["id"]))
    except Exception:  # the sweep announces it; the answer is stored all the same
        log.exception("announcing the case of response %s failed", answer.response_id)


on_stored(answer_stored)
