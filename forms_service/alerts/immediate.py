"""The e-mail on each new case, to the people who asked for it and whose scope the
case is in.

A case is opened in the transaction that stores its answer, with
``alerted_at`` empty: that row is the promise of its alerts, so none is lost.
The delivery worker announces the cases waiting before each claim of e-mails
(:func:`announce_pending`, the e-mail channel's feed), and the sweep run every
minute with the reminders (:func:`send_case_alerts`) does the same where no
e-mail is delivered from this process. Announcing a
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

__all__ = ["announce", "announce_pending", "send_case_alerts"]

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


async def announce_pending(db: Database, public_url: str | None = None) -> int:
    """Announce the cases not announced yet; how many e-mails."""
    rows = await db.raw("SELECT id FROM feedback_case WHERE alerted_at IS NULL "
                        "ORDER BY id LIMIT {}", BATCH)
    url = public_url if public_url is not None else db.settings.public_url
    sent = 0
    for row in rows:
        sent += await announce(db, url, int(row["id"]))
    return sent


async def send_case_alerts(ctx: Context) -> int:
    """Announce the cases not announced yet (the sweep); how many e-mails."""
    return await announce_pending(ctx.db, ctx.settings.public_url)
