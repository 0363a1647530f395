"""Webhook endpoints of agencies and the deliveries made to them.

An endpoint's signing secrets are sealed (encrypted, bound to the endpoint):
they must be read to sign, so they cannot be hashed like API keys. During a
rotation the previous secret stays valid until ``previous_until``.

A delivery is one event for one endpoint: its ``webhook_id`` (what receivers
keep to act once), the outbox message carrying it (``outbox_key``; a replay
writes a new message with the same ``webhook_id``) and the body, sealed, so
that a person can replay it.

An endpoint is disabled by a person or, after a long streak of messages given
up (``failure_streak`` of them since ``failing_since``), by the service; its
messages still queued are then held, and queued again when it is enabled.

A pending event (:class:`WebhookEvent`) is written in the transaction of its
fact, even before that fact has an id (an answer's id comes from its insert:
``response`` is filled in with it), and fanned out into deliveries by the
outbox worker, which deletes it in the same transaction.
"""

from piccolo.columns import Boolean, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.agencies.tables import Agency

__all__ = ["WebhookDelivery", "WebhookEndpoint", "WebhookEvent"]


class WebhookEndpoint(Table, tablename="webhook_endpoint"):
    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict, index=True)
    url = Varchar(length=2000)
    events = Text(default="[]")  # a JSON list of event types
    free_text = Boolean(default=False)
    description = Varchar(length=255, default="")
    secret_sealed = Text()
    previous_sealed = Text(null=True, default=None)
    previous_until = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    disabled_at = Timestamptz(null=True, default=None)
    disabled_reason = Varchar(length=255, default="")
    failure_streak = Integer(default=0)
    failing_since = Timestamptz(null=True, default=None)


class WebhookDelivery(Table, tablename="webhook_delivery"):
    endpoint = ForeignKey(references=WebhookEndpoint, on_delete=OnDelete.cascade, index=True)
    agency = Integer()
    event_type = Varchar(length=32)
    webhook_id = Varchar(length=40, index=True)
    outbox_key = Varchar(length=64, unique=True)
    body_sealed = Text()
    created_at = Timestamptz(default=TimestamptzNow())


class WebhookEvent(Table, tablename="webhook_event"):
    agency = Integer(index=True)
    event_type = Varchar(length=32)
    #: the answer the event is about, filled in by the answer's insert
    response = Integer(null=True, default=None)
    token = Varchar(length=40)
    #: the event's data (and masked free text, if any), sealed with ``token``
    payload_sealed = Text()
    created_at = Timestamptz(default=TimestamptzNow())
