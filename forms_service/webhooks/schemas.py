from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

__all__ = ["DeliveryOut", "EndpointCreated", "EndpointIn", "EndpointOut", "RotateIn"]


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


class EndpointCreated(EndpointOut, kw_only=True):
    #: the signing secret (``whsec_…``), shown only in this response
    secret: str


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
