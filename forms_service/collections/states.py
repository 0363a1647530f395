"""The states of a reply and the steps between them, in one table.

Every consumer (the service, the API, the pages, the tests) reads
:data:`STEPS`: which states a step starts from, the state it leads to, and
who takes it — the asked agency's own people (``agency``) or the national
office (``office``). Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from forms_service.i18n import N_

__all__ = ["NOT_SENT", "OPEN", "STATES", "STATE_LABELS", "STEPS", "Step", "next_state"]

STATES = ("not_started", "draft", "submitted", "changes_requested", "accepted")
STATE_LABELS = {
    "not_started": N_("Not started"),
    "draft": N_("Draft"),
    "submitted": N_("Submitted"),
    "changes_requested": N_("Changes requested"),
    "accepted": N_("Accepted"),
}
#: Replies the agency still has to work on (reminders go to them).
OPEN = ("not_started", "draft", "changes_requested")
#: Replies never sent: the late list names them.
NOT_SENT = ("not_started", "draft")


@dataclass(frozen=True, slots=True)
class Step:
    action: str
    starts: tuple[str, ...]
    leads_to: str | None  # None: the state stays (a draft saved while changes are asked)
    by: Literal["agency", "office"]
    needs_comment: bool = False


STEPS: dict[str, Step] = {step.action: step for step in (
    Step("draft", ("not_started", "draft", "changes_requested"), None, "agency"),
    Step("submit", ("draft", "changes_requested"), "submitted", "agency"),
    Step("accept", ("submitted",), "accepted", "office"),
    Step("request_changes", ("submitted",), "changes_requested", "office", needs_comment=True),
)}


def next_state(step: Step, state: str) -> str:
    """The state after ``step`` from ``state`` (a saved draft leaves changes asked)."""
    if step.leads_to is not None:
        return step.leads_to
    return "changes_requested" if state == "changes_requested" else "draft"
