"""An invitation delivered: the survey was offered to its dossier.

:func:`record_offered` runs in the transaction that records the invitation's
message as sent (:mod:`forms_service.outbox.listeners`): it records the
``offered`` touch (channel ``invitation``) for the response-rate funnel and
marks the invitation ``sent``. A reminder offers nothing new.
"""

from __future__ import annotations

import datetime as dt

from forms_service.db import Database
from forms_service.dossiers.link import record_touch
from forms_service.outbox.message import Message

__all__ = ["record_offered"]

PREFIX = "inv-"


async def record_offered(db: Database, message: Message) -> None:
    if not message.key.startswith(PREFIX):
        return
    rows = await db.raw("SELECT id, agency, form, dossier_hash FROM invitation WHERE code = {}",
                        message.key[len(PREFIX):])
    if not rows:
        return
    [invitation] = rows
    now = dt.datetime.now(dt.UTC)
    await record_touch(db, invitation["agency"], invitation["dossier_hash"], kind="offered",
                       channel="invitation", form_id=invitation["form"], at=now)
    await db.raw("UPDATE invitation SET status = 'sent' WHERE id = {} AND status = 'queued'",
                 invitation["id"])
