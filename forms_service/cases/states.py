"""The life of a case: its states, the actions that move it, and where each may start.

::

    new ──acknowledge──▶ acknowledged ──assign──▶ assigned ──respond──▶ responded
                                         ▲  └─────────assign (again)──┘    │
                                         │                                close
    closed ◀────────────close (duplicate, from any open state)────────     ▼
      └──reopen (within the agency's window)──▶ acknowledged, or assigned if it was

Pure: no database, no HTTP.  :func:`move` says where an action takes a case,
or why it cannot (:class:`TransitionRefused`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

__all__ = ["ACTIONS", "OPEN_STATES", "OUTCOMES", "STATES", "Move", "TransitionRefused",
           "allowed_actions", "day_of", "move", "overdue"]

STATES = ("new", "acknowledged", "assigned", "responded", "closed")
OPEN_STATES = STATES[:-1]
OUTCOMES = ("resolved", "not_resolvable", "duplicate")
ACTIONS = ("acknowledge", "assign", "respond", "close", "reopen")

# action → the states it may start from and the state it leads to
_FROM: dict[str, tuple[tuple[str, ...], str]] = {
    "acknowledge": (("new",), "acknowledged"),
    "assign": (("acknowledged", "assigned"), "assigned"),
    "respond": (("assigned",), "responded"),
    "close": (("responded",), "closed"),
    "reopen": (("closed",), "acknowledged"),
}


class TransitionRefused(Exception):
    """An action the case's state does not allow (``conflict``: a 409) or a request
    that lacks what the action needs (a 400): ``message`` (msgid) and ``params``."""

    def __init__(self, message: str, *, conflict: bool, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.conflict = conflict
        self.params = params


@dataclass(frozen=True, slots=True)
class Move:
    action: str
    from_state: str
    to_state: str
    outcome: str | None = None


def allowed_actions(state: str) -> tuple[str, ...]:
    """The actions a case in ``state`` may take."""
    found = [action for action, (starts, _) in _FROM.items() if state in starts]
    if state in OPEN_STATES and "close" not in found:
        found.append("close")  # as a duplicate
    return tuple(sorted(found, key=ACTIONS.index))


def move(state: str, action: str, *, outcome: str | None = None, assigned: bool = False,
         closed_at: dt.datetime | None = None, now: dt.datetime | None = None,
         reopen_days: int = 30) -> Move:
    """Where ``action`` takes a case in ``state``.

    ``outcome`` is required to close (``duplicate`` closes from any open
    state, the others only a responded case); ``assigned`` says whether the
    case has an assignee (a reopened case goes back to it); ``closed_at``,
    ``now`` and ``reopen_days`` bound reopening.
    """
    if action not in ACTIONS:
        raise TransitionRefused("action must be one of: {actions}.", conflict=False,
                                actions=", ".join(ACTIONS))
    if action == "close":
        if outcome not in OUTCOMES:
            raise TransitionRefused("To close a case give its outcome: one of {outcomes}.",
                                    conflict=False, outcomes=", ".join(OUTCOMES))
        if outcome == "duplicate" and state in OPEN_STATES:
            return Move(action, state, "closed", outcome)
    elif outcome is not None:
        raise TransitionRefused("Only closing takes an outcome: leave outcome out.",
                                conflict=False)
    starts, to_state = _FROM[action]
    if state not in starts:
        allowed = allowed_actions(state)
        raise TransitionRefused(
            "A case that is {state} cannot {action}; it may: {allowed}.", conflict=True,
            state=state, action=action, allowed=", ".join(allowed) or "-")
    if action == "reopen":
        if closed_at is None or now is None or now - closed_at > dt.timedelta(days=reopen_days):
            raise TransitionRefused(
                "This case was closed more than {days} days ago and cannot be reopened.",
                conflict=True, days=reopen_days)
        to_state = "assigned" if assigned else "acknowledged"
    return Move(action, state, to_state, outcome)


def day_of(value: Any) -> dt.date | None:
    """A stored date (a date, or text beginning with one) as a date."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def overdue(row: dict[str, Any], today: dt.date) -> bool:
    """Whether an open case is past its deadline (acknowledge while new, respond until
    responded)."""
    state = row["state"]
    return bool((state == "new" and day_of(row["acknowledge_due"]) < today)  # type: ignore[operator]
                or (state in OPEN_STATES[:3] and day_of(row["respond_due"]) < today))  # type: ignore[operator]
