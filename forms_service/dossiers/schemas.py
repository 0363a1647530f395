"""Bodies of the dossier events API."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec

from forms_service.dossiers.events import MAX_BATCH

__all__ = ["EventBatchIn", "EventBatchOut", "EventNoteOut", "EventResultOut"]

_EVENT_DESCRIPTION = (
    "One event: system, event_id, dossier (the reference; only its keyed hash is kept), "
    "service (procedure code), status (received, processing, supplement_requested, "
    "returned, cancelled), at, channel (in_person, online, postal), and optionally "
    "received_at, due_at, returned_at, unit, counter, officer (codes), submitted_by "
    "(self, assisted; online dossiers), contact (e-mail or Vietnamese phone; checked, "
    "not stored; a bad contact is a note, not an error) and language (vi, en: the "
    "citizen's, for an invitation). Each event (a JSON object) is checked on its own: a "
    "bad one is an error in the results.")


class EventBatchIn(msgspec.Struct, forbid_unknown_fields=True):
    events: Annotated[list[Annotated[Any, msgspec.Meta(
        description=_EVENT_DESCRIPTION, examples=[{
            "system": "motcua-hd", "event_id": "HS-001-3", "dossier": "000.00.00.H29-250304-0001",
            "service": "1.001193", "status": "returned", "at": "2025-03-06T15:00:00+07:00",
            "channel": "in_person", "received_at": "2025-03-04T08:30:00+07:00",
            "due_at": "2025-03-07T17:00:00+07:00", "unit": "TTHCC", "counter": "Q01",
            "officer": "CB0123"}])]],
        msgspec.Meta(max_length=MAX_BATCH, description="At most 1,000 events")]


class EventNoteOut(msgspec.Struct):
    """What a listener said about a stored event (e.g. why no invitation was made)."""

    code: str
    message: str


class EventResultOut(msgspec.Struct, omit_defaults=True):
    index: int
    event_id: str | None
    result: Literal["stored", "duplicate", "error"]
    field: str | None = None
    code: str | None = None
    message: str | None = None
    notes: list[EventNoteOut] | None = None


class EventBatchOut(msgspec.Struct):
    stored: int
    duplicate: int
    rejected: int
    results: list[EventResultOut]
