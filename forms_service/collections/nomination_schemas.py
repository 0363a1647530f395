"""Bodies of the nomination-rounds API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec

from forms_service.collections.schemas import Agencies, CollectionOut, HistoryOut, ReminderSchedule

__all__ = ["CandidateRow", "HonourIn", "NominationIn", "NominationOut", "NominationRoundIn",
           "NominationRoundOut", "NominationRow", "NominationsIn", "RoundStep", "SideBySideOut"]

Audience = Literal["citizen", "business"]
State = Literal["not_started", "draft", "submitted", "changes_requested", "accepted"]


class NominationRoundIn(msgspec.Struct, forbid_unknown_fields=True):
    year: Annotated[int, msgspec.Meta(ge=2000, le=2100, examples=[2025],
                                      description="The year whose services are nominated")]
    deadline: Annotated[str, msgspec.Meta(
        max_length=40, examples=["2025-08-31"],
        description="A date (the end of that day, Vietnam time) or a moment")]
    contact: Annotated[str, msgspec.Meta(max_length=500, examples=[
        "Cục Chuyển đổi số quốc gia, 024 3943 7216"])]
    title: Annotated[str, msgspec.Meta(max_length=255)] = ""
    agencies: Agencies = "all"
    per_audience: Annotated[int, msgspec.Meta(
        ge=1, le=10, description="Services an agency may nominate for citizens, and as many "
                                 "for businesses")] = 5
    reminders: ReminderSchedule | None = None


class RoundStep(msgspec.Struct):
    action: Literal["honour", "unhonour", "publish", "unpublish"]
    by: str
    at: dt.datetime
    details: dict[str, Any] | None


class NominationRoundOut(CollectionOut):
    year: int
    per_audience: int
    published: bool
    published_at: dt.datetime | None
    honoured: int
    history: list[RoundStep]


class NominationIn(msgspec.Struct, forbid_unknown_fields=True):
    service: Annotated[str, msgspec.Meta(max_length=64, description="The service's code")]
    cost_saving_vnd: Annotated[int, msgspec.Meta(ge=0, le=10**15)] | None = None
    time_saving_hours: Annotated[float, msgspec.Meta(ge=0, le=10**7)] | None = None
    time_saving_days: Annotated[float, msgspec.Meta(ge=0, le=10**7)] | None = None
    note: Annotated[str, msgspec.Meta(max_length=2000)] | None = None


class NominationsIn(msgspec.Struct, forbid_unknown_fields=True):
    nominations: Annotated[list[NominationIn], msgspec.Meta(max_length=40)]
    revision: int | None = None


class NominationSaved(msgspec.Struct):
    service: str
    name: str
    audience: Audience
    cost_saving_vnd: int | None
    time_saving_hours: float | None
    time_saving_days: float | None
    note: str | None


class CandidateRow(msgspec.Struct):
    service: str
    name: str
    audience: Audience
    delivery: str
    suggested: bool
    reason: str | None
    evidence: dict[str, Any]


class Frozen(msgspec.Struct):
    at: dt.datetime
    nominations: list[NominationSaved]
    evidence: dict[str, dict[str, Any]]


class NominationOut(msgspec.Struct):
    collection: int
    agency: str
    name: str
    year: int
    per_audience: int
    state: State
    revision: int
    submitted_at: dt.datetime | None
    late: bool
    nominations: list[NominationSaved]
    candidates: list[CandidateRow]
    frozen: Frozen | None
    honoured: list[str]
    history: list[HistoryOut]


class Difference(msgspec.Struct):
    field: str
    frozen: Any
    current: Any


class NominationRow(msgspec.Struct):
    agency: str
    agency_name: str
    agency_kind: str
    state: State
    late: bool
    submitted_at: dt.datetime
    service: str
    name: str
    audience: Audience
    evidence: dict[str, Any]
    cost_saving_vnd: int | None
    time_saving_hours: float | None
    time_saving_days: float | None
    time_saving_total_hours: float | None
    note: str | None
    honoured: bool
    differences: list[Difference] | None


class SideBySideOut(msgspec.Struct):
    collection: int
    year: int
    published: bool
    checked: bool
    count: int
    items: list[NominationRow]


class HonourIn(msgspec.Struct, forbid_unknown_fields=True):
    agency: Annotated[str, msgspec.Meta(max_length=40)]
    service: Annotated[str, msgspec.Meta(max_length=64)]
    honoured: bool = True
