"""What else an answer writes, in the transaction that stores it.

A *listener* is told of every answer the pipeline is about to store
(:class:`Answered`) and may return rows to insert with it
(:class:`FollowUp`): the storage inserts them, with the stored response's
id, in the same transaction as the response, or not at all when the
response is not stored (its dossier had answered already).  Listeners are
named here by import path and loaded on first use, so that the pipeline
imports no domain that listens to it:

- ``forms_service.cases.opening:LISTENER`` opens a case for an answer its
  form's case rule picks out.

A new listener is one module with an object having ``name`` and an async
``follow_ups(ctx, answered)`` method, and one line in :data:`LISTENERS`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from forms_service.responses.followups import FollowUp

if TYPE_CHECKING:
    from forms_service.context import Context

__all__ = ["LISTENERS", "Answered", "FollowUp", "Listener", "follow_ups", "listeners"]

#: Every listener, by import path (``module:attribute``).
LISTENERS: tuple[str, ...] = (
    "forms_service.cases.opening:LISTENER",
)


@dataclass(frozen=True, slots=True)
class Answered:
    """An answer checked and about to be stored: what a listener may look at."""

    agency: int
    form: int
    service: int | None
    dossier_hash: str | None
    answers: Mapping[str, Any]
    satisfied: bool | None
    submitted_at: dt.datetime
    #: ``(channel, contact)`` the citizen agreed to be answered at, when the channel knew
    #: one (an invitation's); never logged
    reply_to: tuple[str, str] | None = field(default=None, repr=False)


class Listener(Protocol):
    name: str

    async def follow_ups(self, ctx: Context, answered: Answered) -> Sequence[FollowUp]:
        """The rows to store with the answer (none, usually)."""


@cache
def listeners() -> tuple[Listener, ...]:
    """The listeners of :data:`LISTENERS`, loaded once."""
    found = []
    for path in LISTENERS:
        module, _, name = path.partition(":")
        found.append(getattr(importlib.import_module(module), name))
    return tuple(found)


async def follow_ups(ctx: Context, answered: Answered) -> tuple[FollowUp, ...]:
    """What every listener adds to ``answered``, in the order of :data:`LISTENERS`."""
    rows: list[FollowUp] = []
    for listener in listeners():
        rows.extend(await listener.follow_ups(ctx, answered))
    return tuple(rows)
