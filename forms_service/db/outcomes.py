"""What the group commits share: how many writes a group holds at most, and
how each waiting write is told its outcome."""

from __future__ import annotations

import asyncio
from typing import Any

__all__ = ["MAX_GROUP", "read_outcome", "settle", "settle_all"]

#: The most writes one group stores with one statement.
MAX_GROUP = 64


def read_outcome(done: asyncio.Future[Any]) -> None:
    """A request cancelled while its write is stored leaves its outcome unread:
    read here (a done callback), so that an error is not reported as never retrieved."""
    if not done.cancelled():
        done.exception()


def settle(done: asyncio.Future[Any], outcome: Any) -> None:
    """Give a waiting write its outcome: a result, or an exception to raise."""
    if done.done():
        return
    if isinstance(outcome, BaseException):
        done.set_exception(outcome)
    else:
        done.set_result(outcome)


def settle_all(settled: list[tuple[asyncio.Future[Any], Any]]) -> None:
    for done, outcome in settled:
        settle(done, outcome)
