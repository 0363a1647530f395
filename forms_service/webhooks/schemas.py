from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

__all__ = ["DeliveryOut", "EndpointChange", "EndpointCreated", "EndpointIn", "EndpointOut",
           "RotateIn"]


class EndpointIn(msgspec.Struct, forbid_unknown_fields=True):
    url: Annotated[str, msgspec.Meta(max_length=4000)]
    events: Annotated[list[Annotated[str, msgspec.Meta(max_length=64)]],
                      msgspec.Meta(max_length=16)]
    #: the agency (administrators); a designer's own agency otherwise
    agency: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    #: send free-text answers too, masked as in exports
    free_text: bool = False
    description: Annotated[str, msgspec.Meta(max_length=255)] = ""


class EndpointOut(msgspec.Struct):
    id: int
    agency: str
    url: str
    events: list[str]
    free_text: bool
    description: str
    created_at: dt.datetime
    #: while a rotation's grace period lasts: until when the previous secret signs too
    previous_secret_until: dt.datetime | None = None
    #: false once disabled (by a person, or after a long failure streak)
    enabled: bool = True
    disabled_at: dt.datetime | None = None
    #: why it was disabled: "disabled by a person" or "disabled after a long failure streak"
    disabled_reason: str = ""
    #: messages given up in a row since the last one delivered
    failure_streak: int = 0
    #: messages given up (failed or dead) in the last 7 days
    recent_failures: int = 0
    #: messages kept while the endpoint is disabled, sent once it is enabled
    held: int = 0


class EndpointCreated(EndpointOut, kw_only=True):
    #: the signing secret (``whsec_…``), shown only in this response
    secret: str


class EndpointChange(msgspec.Struct, forbid_unknown_fields=True):
    """What to change of an endpoint; a field left out stays as it is."""

    events: Annotated[list[Annotated[str, msgspec.Meta(max_length=64)]],
                      msgspec.Meta(max_length=16)] | None = None
    free_text: bool | None = None
    description: Annotated[str, msgspec.Meta(max_length=255)] | None = None
    #: false disables the endpoint (its queued messages are held); true enables it
    #: again (they are sent, in order)
    enabled: bool | None = None


class RotateIn(msgspec.Struct, forbid_unknown_fields=True):
    #: hours during which the previous secret signs too (0: it stops at once)
    grace_hours: Annotated[int, msgspec.Meta(ge=0, le=168)] = 24


class DeliveryOut(msgspec.Struct):
    id: int
    event_type: str
    webhook_id: str
    status: Literal["queued", "sending", "sent", "failed", "dead", "held"]
    attempts: int
    last_error: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None
