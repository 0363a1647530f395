"""The outbox: messages to deliver outside the database (e-mail, SMS, Zalo).

A message is written in the same transaction as the fact that causes it and
delivered at least once by a worker (:mod:`forms_service.outbox.worker`).
Its ``idempotency_key`` is unique: writing the same message twice stores it
once, and receivers get the key with every attempt, so they can keep it
exactly once. What it says and to whom (``sealed``) is encrypted
(:mod:`forms_service.outbox.sealing`) and erased once the message is sent or
has failed for good.

Times that workers compare (``due_ms``, ``lease_ms``) are milliseconds since
the epoch, so that SQLite and PostgreSQL compare them alike. ``agency`` is a
plain id (the outbox knows no domain); ``NULL`` for messages of no agency
(sign-in links of national staff).
"""

from piccolo.columns import BigInt, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

__all__ = ["STATUSES", "OutboxMessage"]

#: queued → sending → sent | failed (refused for good) | dead (out of attempts);
#: a failed or dead message can be queued again; a held one (its webhook
#: endpoint disabled) is queued again when its endpoint is enabled.
STATUSES = ("queued", "sending", "sent", "failed", "dead", "held")


class OutboxMessage(Table, tablename="outbox_message"):
    agency = Integer(null=True, default=None)
    kind = Varchar(length=32)  # invitation | reminder | sign_in_link …
    channel = Varchar(length=16)  # email | sms | zalo
    idempotency_key = Varchar(length=64, unique=True)
    sealed = Text(null=True, default=None)
    status = Varchar(length=12, default="queued", index=True)
    attempts = Integer(default=0)
    due_ms = BigInt(default=0, index=True)
    lease_ms = BigInt(null=True, default=None)
    last_error = Varchar(length=500, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)
    #: messages of one stream (e.g. a webhook endpoint) are delivered one at a
    #: time, oldest first; ``NULL``: no order
    stream = Varchar(length=64, null=True, default=None)
