"""What other domains do once an answer is stored: listeners called by the
submission pipeline right after it stored one (every channel: API, form page,
invitation link, kiosk).

A listener is registered once (:func:`on_stored`) by the domain that owns it.
It receives the stored answer with its closed answers (choices, ratings,
numbers) apart from its free text, which a listener must mask or leave out.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from forms_service.db import Database

__all__ = ["Listener", "StoredAnswer", "notify_stored", "on_stored"]

log = logging.getLogger("phieu.submissions")


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    response_id: int
    agency_id: int
    agency_code: str
    form: str
    version: int
    service: str | None
    channel: str
    locale: str
    submitted_at: dt.datetime
    satisfied: bool | None
    satisfaction_value: int | None
    nps_score: int | None
    #: linked to its dossier just now (the dossier's events had come first)
    dossier_linked: bool
    #: answers to choice, rating, number and yes/no questions
    answers: dict[str, Any]
    #: answers to text questions, as written (personal data: mask before it leaves)
    free_text: dict[str, Any]


Listener = Callable[[Database, StoredAnswer], Awaitable[None]]
_STORED: list[Listener] = []


def on_stored(listener: Listener) -> Listener:
    """Register ``listener`` (once) for stored answers."""
    if listener not in _STORED:
        _STORED.append(listener)
    return listener


async def notify_stored(db: Database, answer: StoredAnswer) -> None:
    for listener in _STORED:
        await listener(db, answer)
