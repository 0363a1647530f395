"""What the cases API returns."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import msgspec

__all__ = ["CaseDetailOut", "CaseOut", "CasePage", "CaseRuleOut", "CaseSettingsOut",
           "ChoiceOut", "DayOffOut", "NoteOut"]

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


class CaseDetailOut(CaseOut, kw_only=True):
    answer: AnswerOut | None
    dossier_timeline: list[EventOut]
    transitions: list[TransitionOut]
    notes: list[NoteOut]
