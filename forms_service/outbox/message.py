"""A message as a transport sees it, and what the transport says of one attempt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

__all__ = ["Message", "Outcome", "Transport"]


@dataclass(frozen=True, slots=True)
class Message:
    """One message to deliver: ``payload`` is what the channel needs (``to``, ``text`` …),
    opened from its sealed form for this attempt only."""

    id: int
    key: str
    channel: str
    kind: str
    attempt: int
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Outcome:
    """``sent``; ``retry`` (a timeout, a lost connection, a 5xx: try again later) or
    ``failed`` (refused for good, e.g. a bad address), with a reason a person can read
    (never the contact itself)."""

    result: Literal["sent", "retry", "failed"]
    reason: str = ""

    @classmethod
    def sent(cls) -> Outcome:
        return cls("sent")

    @classmethod
    def retry(cls, reason: str) -> Outcome:
        return cls("retry", reason[:480])

    @classmethod
    def failed(cls, reason: str) -> Outcome:
        return cls("failed", reason[:480])


class Transport(Protocol):
    """Delivers messages of one channel; never raises for a delivery problem."""

    async def send(self, message: Message) -> Outcome: ...

    async def close(self) -> None: ...
