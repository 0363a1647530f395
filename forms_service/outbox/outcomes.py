"""What other domains do when the outbox gives a message up: listeners called by
the worker once a message has ``failed`` (refused for good) or is ``dead`` (out
of attempts), after that status is stored.

A listener is registered once (:func:`on_given_up`) by the domain that owns it
(webhooks publish ``invitation.failed``). It receives the message (its key,
kind and channel; its payload as the attempt saw it, which it must not store
or log) and the status; a listener that raises is logged and does not stop
the worker.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from forms_service.db import Database
from forms_service.outbox.message import Message

__all__ = ["GivenUp", "notify_given_up", "on_given_up"]

log = logging.getLogger("phieu.outbox")

GivenUp = Callable[[Database, Message, str], Awaitable[None]]
_GIVEN_UP: list[GivenUp] = []


def on_given_up(listener: GivenUp) -> GivenUp:
    """Register ``listener`` (once) for messages that failed or died."""
    if listener not in _GIVEN_UP:
        _GIVEN_UP.append(listener)
    return listener


async def notify_given_up(db: Database, message: Message, status: str) -> None:
    for listener in _GIVEN_UP:
        try:
            await listener(db, message, status)
        except Exception:
            log.exception("a listener of given-up outbox message %s raised", message.id)
