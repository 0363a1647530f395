"""An endpoint's health: its streak of messages given up, automatic disabling,
and disabling or enabling by a person.

Every message the outbox gives up for an endpoint (refused for good, or out
of attempts) adds one to its ``failure_streak``; a delivered one sets it
back to zero. Once the streak reaches ``PHIEU_WEBHOOK_DISABLE_AFTER``, or
messages have been given up for ``PHIEU_WEBHOOK_DISABLE_DAYS`` days with
none delivered, the endpoint is disabled: its queued messages are *held*
(kept, not sent, shown as held in its delivery log), new events no longer
reach it, and the agency's designers get an e-mail. Enabling it queues the
held messages again, in their order.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from forms_service.db import Database
from forms_service.i18n import N_, translate
from forms_service.outbox.listeners import on_sent
from forms_service.outbox.message import Message
from forms_service.outbox.outcomes import on_given_up
from forms_service.outbox.queue import enqueue, hold, release, sealer
from forms_service.webhooks.events import EVENTS
from forms_service.webhooks.publish import forget, stream

__all__ = ["disable", "enable", "gave_up", "sent"]

SUBJECT = N_("Phiếu: a webhook endpoint of {agency} was disabled")
BODY = N_("The webhook endpoint {url} of {agency} was disabled: {count} of its messages in "
          "a row could not be delivered (the last: {error}).\n\n"
          "Its {held} messages still to send are kept, in order. Once the endpoint answers "
          "again, enable it on the Webhooks page and they are sent:\n\n{link}")
AUTOMATIC = "disabled after a long failure streak"


def _aware(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


async def disable(db: Database, endpoint_id: int, reason: str) -> int:
    """Disable an endpoint (in the caller's transaction) and hold its queued
    messages; how many are held, or -1 if it was disabled already."""
    rows = await db.raw("UPDATE webhook_endpoint SET disabled_at = {}, disabled_reason = {} "
                        "WHERE id = {} AND disabled_at IS NULL RETURNING id",
                        dt.datetime.now(dt.UTC), reason[:255], endpoint_id)
    forget(db)
    if not rows:
        return -1
    return await hold(db, stream(endpoint_id))


async def enable(db: Database, endpoint_id: int) -> int:
    """Enable an endpoint (in the caller's transaction): its streak starts again and
    its held messages are queued, due now; how many."""
    await db.raw("UPDATE webhook_endpoint SET disabled_at = NULL, disabled_reason = '', "
                 "failure_streak = 0, failing_since = NULL WHERE id = {}", endpoint_id)
    forget(db)
    return await release(db, stream(endpoint_id))


async def _tell_designers(db: Database, endpoint: dict[str, Any], count: int, error: str,
                          held: int) -> None:
    settings = db.settings
    link = f"{settings.public_url.rstrip('/')}/webhooks"
    people = await db.raw("SELECT id, email, locale FROM person WHERE agency = {} AND "
                          "active = {} AND role = 'designer' ORDER BY id",
                          endpoint["agency"], True)
    seal = sealer(db)
    stamp = int(dt.datetime.now(dt.UTC).timestamp())
    for person in people:
        locale = person["locale"] or "vi"
        text = translate(locale, BODY, url=endpoint["url"], agency=endpoint["agency_name"],
                         count=count, error=error or "?", held=held, link=link)
        body = "".join(f"<p>{html.escape(part)}</p>" for part in text.split("\n\n"))
        await enqueue(db, channel="email", kind="webhook_disabled",
                      key=f"wh-off-{endpoint['id']}-{stamp}-{person['id']}", seal=seal,
                      agency=endpoint["agency"], payload={
                          "to": person["email"], "html": body, "text": text,
                          "subject": translate(locale, SUBJECT,
                                               agency=endpoint["agency_name"])})


async def gave_up(db: Database, message: Message, status: str) -> None:
    """A webhook message was given up: the endpoint's streak grows, and the endpoint
    is disabled once the streak is long enough (see the module's text)."""
    if message.channel != "webhook":
        return
    settings = db.settings.delivery
    now = dt.datetime.now(dt.UTC)
    async with db.write_transaction():
        rows = await db.raw(
            "UPDATE webhook_endpoint SET failure_streak = failure_streak + 1, "
            "failing_since = COALESCE(failing_since, {}) WHERE id = (SELECT endpoint FROM "
            "webhook_delivery WHERE outbox_key = {}) AND disabled_at IS NULL "
            "RETURNING id, agency, url, failure_streak, failing_since", now, message.key)
        if not rows:
            return
        endpoint = rows[0]
        since = _aware(endpoint["failing_since"]) or now
        if (endpoint["failure_streak"] < settings.webhook_disable_after
                and now - since < dt.timedelta(days=settings.webhook_disable_days)):
            return
        held = await disable(db, endpoint["id"], AUTOMATIC)
        if held < 0:
            return
        [agency] = await db.raw("SELECT name FROM agency WHERE id = {}", endpoint["agency"])
        error = await db.raw("SELECT last_error FROM outbox_message WHERE idempotency_key "
                             "= {}", message.key)
        await _tell_designers(db, endpoint | {"agency_name": agency["name"]},
                              endpoint["failure_streak"],
                              str(error[0]["last_error"] or "") if error else "", held)


async def sent(db: Database, message: Message) -> None:
    """A webhook message was delivered: its endpoint's streak is over."""
    await db.raw("UPDATE webhook_endpoint SET failure_streak = 0, failing_since = NULL "
                 "WHERE failure_streak > 0 AND id = (SELECT endpoint FROM webhook_delivery "
                 "WHERE outbox_key = {})", message.key)


on_given_up(gave_up)
for _kind in EVENTS:
    on_sent(_kind, sent)
