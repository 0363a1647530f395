"""What domains do when one of their messages is delivered: listeners by kind of
message, called in the transaction that records the message as sent.

A domain registers once (:func:`on_sent`) for the kinds it writes (the
invitations record the ``offered`` touch of the funnel); the outbox imports
no domain.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from forms_service.db import Database
from forms_service.outbox.message import Message

__all__ = ["SentListener", "on_sent", "sent_listeners"]

SentListener = Callable[[Database, Message], Awaitable[None]]
_SENT: dict[str, list[SentListener]] = {}


def on_sent(kind: str, listener: SentListener) -> SentListener:
    """Register ``listener`` (once) for delivered messages of ``kind``."""
    listeners = _SENT.setdefault(kind, [])
    if listener not in listeners:
        listeners.append(listener)
    return listener


def sent_listeners(kind: str) -> tuple[SentListener, ...]:
    return tuple(_SENT.get(kind, ()))
