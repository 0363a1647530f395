"""What other domains do when a dossier is returned: listeners called by the ingest
inside its transaction, with the event as stored and the contact it carried.

A listener is registered once (:func:`on_returned`) by the domain that owns it
and receives the newly stored ``returned`` events of a batch (never a replay).
It may write in the same transaction (an invitation and its outbox message
commit with the event) and returns notes for the events' results (say, why
no invitation was made), keyed by the event's index in the batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from forms_service.db import Database

__all__ = ["Listener", "Note", "ReturnedDossier", "notify_returned", "on_returned"]


@dataclass(frozen=True, slots=True)
class ReturnedDossier:
    index: int  # the event's place in the batch
    agency_id: int
    agency_code: str
    row: dict[str, Any]  # the stored dossier_event row (ids, dossier_hash, times)
    contact: str | None  # as sent and checked by the event's parser; never stored here
    language: str | None = None  # the citizen's language, when the event says it


@dataclass(frozen=True, slots=True)
class Note:
    """Something a listener says about one event: a code and an English msgid."""

    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


Listener = Callable[[Database, list[ReturnedDossier]], Awaitable[dict[int, Note]]]
_RETURNED: list[Listener] = []


def on_returned(listener: Listener) -> Listener:
    """Register ``listener`` (once) for newly stored ``returned`` events."""
    if listener not in _RETURNED:
        _RETURNED.append(listener)
    return listener


async def notify_returned(db: Database, returned: list[ReturnedDossier]
                          ) -> dict[int, list[Note]]:
    notes: dict[int, list[Note]] = defaultdict(list)
    if not returned:
        return notes
    for listener in _RETURNED:
        for index, note in (await listener(db, returned)).items():
            notes[index].append(note)
    return notes
