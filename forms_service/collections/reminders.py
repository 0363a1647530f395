"""Reminders of a collection, by e-mail, on its schedule.

:func:`send_collection_reminders` looks at every reply the agency still has
to work on (not started, draft, changes requested): when a stage of its
collection's schedule has come since the last reminder, one e-mail goes to
each active designer and analyst of the agency, in their language, through
the outbox (idempotency key ``col-<reply>-<stage>-<person>``), and the
reminder is recorded as a step of the reply with its stage and the number of
people it went to. Stages missed while the service was down are not sent
one by one: only the latest. The service runs it every minute with the
invitations' reminders (:class:`forms_service.distribution.reminders.ReminderSweeper`).
"""

from __future__ import annotations

import datetime as dt
import html
import json

from forms_service.collections.schedule import parse_schedule
from forms_service.collections.service import open_contact
from forms_service.collections.states import OPEN
from forms_service.context import Context
from forms_service.db import json_value, moment_value
from forms_service.i18n import N_, VIETNAM, translate
from forms_service.outbox.queue import enqueue, sealer

__all__ = ["reminder_email", "send_collection_reminders"]

SUBJECT = N_("Reminder: {title} (deadline {deadline})")
BEFORE = N_("The national office asks {agency} for: {title}.\n\nThe deadline is {deadline} "
            "(Vietnam time) and your agency has not sent it yet. Open it in the workspace:"
            "\n\n{link}\n\nQuestions: {contact}")
AFTER = N_("The national office asks {agency} for: {title}.\n\nThe deadline was {deadline} "
           "(Vietnam time) and your agency has not sent it yet; it is still taken, marked "
           "late. Open it in the workspace:\n\n{link}\n\nQuestions: {contact}")
CHANGES = N_("The national office asked {agency} to change its reply to: {title}.\n\n"
             "The deadline is {deadline} (Vietnam time). Open it in the workspace:\n\n"
             "{link}\n\nQuestions: {contact}")


def reminder_email(locale: str, *, state: str, late: bool, agency: str, title: str,
                   deadline: dt.datetime, link: str, contact: str) -> dict[str, str]:
    """Subject, plain text and HTML of one reminder."""
    when = deadline.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y")
    body = CHANGES if state == "changes_requested" else AFTER if late else BEFORE
    text = translate(locale, body, agency=agency, title=title, deadline=when, link=link,
                     contact=contact)
    anchor = f'<a href="{html.escape(link)}">{html.escape(link)}</a>'
    parts = "".join(f"<p>{html.escape(part).replace(html.escape(link), anchor)}</p>"
                    for part in text.split("\n\n"))
    return {"subject": translate(locale, SUBJECT, title=title, deadline=when), "text": text,
            "html": parts}


async def send_collection_reminders(ctx: Context, now: dt.datetime | None = None) -> int:
    """Write the due reminders into the outbox; how many e-mails."""
    now = now or dt.datetime.now(dt.UTC)
    db = ctx.db
    marks = ", ".join(["{}"] * len(OPEN))
    rows = await db.raw(
        "SELECT r.id, r.collection, r.agency, r.state, r.reminded, c.title, c.deadline, "
        "c.reminders, c.sealed_contact, a.name AS agency_name FROM collection_request r "
        "JOIN collection c ON c.id = r.collection JOIN agency a ON a.id = r.agency "
        f"WHERE r.state IN ({marks}) ORDER BY r.id", *OPEN)
    seal = sealer(db)
    sent = 0
    for row in rows:
        deadline = moment_value(row["deadline"])
        stage = parse_schedule(json_value(row["reminders"])).stage(deadline, now)
        if stage <= int(row["reminded"]):
            continue
        link = f"{ctx.settings.public_url.rstrip('/')}/collections/{row['collection']}"
        contact = open_contact(ctx, {"id": row["collection"],
                                     "sealed_contact": row["sealed_contact"]})
        async with db.write_transaction():
            claimed = await db.raw(
                "UPDATE collection_request SET reminded = {} WHERE id = {} AND reminded < {} "
                "RETURNING id", stage, row["id"], stage)
            if not claimed:  # another process sent this stage
                continue
            people = await db.raw(
                "SELECT id, email, locale FROM person WHERE agency = {} AND active = {} "
                "AND role IN ('designer', 'analyst') ORDER BY id", row["agency"], True)
            for person in people:
                payload = {"to": person["email"]} | reminder_email(
                    person["locale"] or "vi", state=row["state"], late=now > deadline,
                    agency=row["agency_name"], title=row["title"], deadline=deadline,
                    link=link, contact=contact)
                if await enqueue(db, channel="email", kind="collection_reminder",
                                 key=f"col-{row['id']}-{stage}-{person['id']}",
                                 payload=payload, agency=row["agency"], seal=seal):
                    sent += 1
            await db.raw(
                "INSERT INTO collection_event (request, action, from_state, to_state, actor, "
                "sealed_comment, details, late, at) VALUES ({}, 'remind', {}, {}, 'schedule', "
                "NULL, {}, {}, {})", row["id"], row["state"], row["state"],
                json.dumps({"stage": stage, "recipients": len(people)}), now > deadline, now)
    return sent
