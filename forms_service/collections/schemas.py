"""Bodies of the collections API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec

from forms_service.results.schemas import QuestionResultOut

__all__ = ["AgencyRow", "CollectionIn", "CollectionList", "CollectionOut",
           "CommentIn", "DraftIn", "HistoryOut", "ReminderSchedule",
           "ReplyOut", "StatusItem", "StatusOut", "SynthesisOut", "TextAnswer"]

State = Literal["not_started", "draft", "submitted", "changes_requested", "accepted"]
Agencies = Annotated[
    Literal["ministries", "provinces", "all"] | list[Annotated[str, msgspec.Meta(max_length=40)]],
    msgspec.Meta(description='"ministries", "provinces", "all" (both), or a list of agency '
                             "codes", examples=["all", ["G14", "000.00.00.H29"]])]


class ReminderSchedule(msgspec.Struct, forbid_unknown_fields=True):
    before_days: list[int] = msgspec.field(default_factory=lambda: [7, 2])
    after_every_days: int | None = 7


class CollectionIn(msgspec.Struct, forbid_unknown_fields=True):
    title: Annotated[str, msgspec.Meta(max_length=255, examples=[
        "Phiếu khảo sát về công tác truyền thông DVCTT năm 2023"])]
    form: Annotated[str, msgspec.Meta(max_length=80, examples=["agency-communication"],
                                      description="The published form the agencies answer")]
    agencies: Agencies
    deadline: Annotated[str, msgspec.Meta(
        max_length=40, examples=["2023-11-30"],
        description="A date (the end of that day, Vietnam time) or a moment "
                    "(without an offset: Vietnam time)")]
    contact: Annotated[str, msgspec.Meta(max_length=500, examples=[
        "Trung tâm Chuyển đổi số quốc gia, 024 3943 7216"])]
    reminders: ReminderSchedule | None = None


class CollectionOut(msgspec.Struct):
    id: int
    title: str
    kind: Literal["form"]
    form: str
    form_version: int
    agencies: Literal["ministries", "provinces", "all", "list"]
    deadline: dt.datetime
    reminders: dict[str, Any]
    contact: str
    created_at: dt.datetime
    asked: int
    states: dict[str, int]


class CollectionList(msgspec.Struct):
    items: list[CollectionOut]


class StatusItem(msgspec.Struct):
    agency: str
    name: str
    kind: str
    state: State
    submitted_at: dt.datetime | None
    late: bool
    reminders_sent: int


class StatusOut(msgspec.Struct):
    collection: int
    title: str
    deadline: dt.datetime
    agencies: list[StatusItem]
    not_sent: list[str]
    not_sent_sentence: str


class HistoryOut(msgspec.Struct):
    action: Literal["draft", "submit", "accept", "request_changes", "remind"]
    from_state: State
    to_state: State
    by: str
    at: dt.datetime
    comment: str | None
    details: dict[str, Any] | None
    late: bool


class ReplyOut(msgspec.Struct):
    collection: int
    agency: str
    name: str
    state: State
    answers: dict[str, Any]
    revision: int
    submitted_at: dt.datetime | None
    late: bool
    history: list[HistoryOut]


class DraftIn(msgspec.Struct, forbid_unknown_fields=True):
    answers: dict[str, Any]
    revision: int | None = msgspec.field(default=None)


class CommentIn(msgspec.Struct, forbid_unknown_fields=True):
    comment: Annotated[str, msgspec.Meta(max_length=4000)]


class TextAnswer(msgspec.Struct):
    agency: str
    name: str
    question: str
    title: str
    answer: str


class AgencyRow(msgspec.Struct):
    agency: str
    name: str
    kind: str
    state: State
    submitted_at: dt.datetime | None
    late: bool
    answers: dict[str, str]


class SynthesisOut(msgspec.Struct):
    collection: int
    title: str
    form: str
    form_version: int
    replies: Literal["accepted", "sent"]
    asked: int
    counted: int
    unmasked: bool
    confidence_level: float
    method: str
    locale: str
    questions: list[QuestionResultOut]
    texts: list[TextAnswer]
    agencies: list[AgencyRow]
