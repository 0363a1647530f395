"""What the cases API returns."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec

__all__ = ["CaseDetailOut", "CaseOut", "CasePage", "CaseReplyOut", "CaseRuleOut",
           "CaseSettingsIn", "CaseSettingsOut", "ChoiceOut", "DayOffIn", "DayOffOut", "NoteIn",
           "NoteOut", "TransitionIn"]

State = Literal["new", "acknowledged", "assigned", "responded", "closed"]


class ChoiceOut(msgspec.Struct):
    question: str
    answers: list[Any]


class CaseRuleOut(msgspec.Struct):
    form: str
    active: bool
    not_satisfied: bool
    choices: list[ChoiceOut]
    phrases: list[str]
    default: bool
    updated_at: dt.datetime | None
    contact_question: str | None = None
    consent_question: str | None = None
    consent_answers: list[Any] = msgspec.field(default_factory=list)


class CaseSettingsOut(msgspec.Struct):
    agency: str
    acknowledge_days: int
    respond_days: int
    reopen_days: int
    updated_at: dt.datetime | None


class DayOffOut(msgspec.Struct):
    day: dt.date
    note: str


class CaseOut(msgspec.Struct):
    id: int
    agency: str
    form: str
    state: State
    outcome: str | None
    reasons: list[str]
    service: str | None
    unit: str | None
    officer: str | None
    has_dossier: bool
    opened_at: dt.datetime
    acknowledge_due: dt.date
    respond_due: dt.date
    overdue: bool
    actions: list[str]
    acknowledged_at: dt.datetime | None = None
    responded_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    assigned_unit: str | None = None
    assigned_person: int | None = None
    assigned_person_name: str | None = None
    reopened: int = 0
    updated_at: dt.datetime | None = None
    has_contact: bool = False
    contact_channel: str | None = None
    follow_up: Literal["solved", "partly", "not_solved"] | None = None
    follow_up_at: dt.datetime | None = None


class CasePage(msgspec.Struct):
    items: list[CaseOut]
    counts: dict[str, int]
    next_before: int | None


class NoteOut(msgspec.Struct):
    id: int
    actor: str
    text: str
    at: dt.datetime


class TransitionOut(msgspec.Struct):
    action: str
    from_state: str
    to_state: str
    outcome: str | None
    actor: str
    at: dt.datetime


class AnswerOut(msgspec.Struct):
    answers: dict[str, Any]
    submitted_at: dt.datetime
    channel: str
    locale: str
    satisfaction_value: int | None
    satisfied: bool | None


class EventOut(msgspec.Struct):
    status: str
    at: dt.datetime
    channel: str
    unit: str | None = None
    officer: str | None = None
    received_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    returned_at: dt.datetime | None = None


class CaseReplyOut(msgspec.Struct):
    """A reply to the citizen: ``delivery`` is ``recorded`` (no contact), ``queued``,
    ``sent`` or ``failed``; ``answer`` the citizen's follow-up answer (comment masked
    like answers)."""

    id: int
    text: str
    locale: str
    channel: str | None
    delivery: Literal["recorded", "queued", "sent", "failed"]
    actor: str
    at: dt.datetime
    expires_at: dt.datetime | None = None
    answer: Literal["solved", "partly", "not_solved"] | None = None
    comment: str | None = None
    answered_at: dt.datetime | None = None


class CaseDetailOut(CaseOut, kw_only=True):
    answer: AnswerOut | None
    dossier_timeline: list[EventOut]
    transitions: list[TransitionOut]
    notes: list[NoteOut]
    replies: list[CaseReplyOut] = msgspec.field(default_factory=list)


WorkingDays = Annotated[int, msgspec.Meta(ge=1, le=260)]


class CaseSettingsIn(msgspec.Struct, forbid_unknown_fields=True):
    """Deadlines in working days (respond_days at least acknowledge_days) and the
    window for reopening a closed case, in days; left out: the default."""

    acknowledge_days: WorkingDays | msgspec.UnsetType = msgspec.UNSET
    respond_days: WorkingDays | msgspec.UnsetType = msgspec.UNSET
    reopen_days: Annotated[int, msgspec.Meta(ge=0, le=365)] | msgspec.UnsetType = msgspec.UNSET


class DayOffIn(msgspec.Struct, forbid_unknown_fields=True):
    day: dt.date
    note: Annotated[str, msgspec.Meta(max_length=120)] = ""


class NoteIn(msgspec.Struct, forbid_unknown_fields=True):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]


class TransitionIn(msgspec.Struct, forbid_unknown_fields=True):
    """``assign`` takes ``unit`` (a unit's code) or ``person`` (a person's id); ``close``
    takes ``outcome``; ``respond`` may take ``reply``, the text sent to the citizen in
    their language with the follow-up link when the case has a contact (recorded only
    when it has none)."""

    action: Literal["acknowledge", "assign", "respond", "close", "reopen"]
    outcome: Literal["resolved", "not_resolvable", "duplicate"] | None = None
    unit: Annotated[str, msgspec.Meta(min_length=1, max_length=64)] | None = None
    person: Annotated[int, msgspec.Meta(ge=1)] | None = None
    note: Annotated[str, msgspec.Meta(min_length=1, max_length=4000)] | None = None
    reply: Annotated[str, msgspec.Meta(min_length=1, max_length=4000)] | None = None
