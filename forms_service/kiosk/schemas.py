"""Bodies of the kiosk API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec

__all__ = [
    "ActivityAnswer",
    "ActivityOut",
    "AnswerItemIn",
    "AnswerResultOut",
    "AnswersIn",
    "AnswersOut",
    "BindIn",
    "DeviceBound",
    "DeviceEnrolled",
    "DeviceIn",
    "DeviceOut",
    "DutyIn",
    "DutyOut",
    "FlagCounts",
    "PinIn",
    "PinOut",
    "SignOnIn",
    "StateIn",
    "StateOut",
]

Code = Annotated[str, msgspec.Meta(min_length=1, max_length=64, examples=["QUAY-01"])]
Slug = Annotated[str, msgspec.Meta(min_length=1, max_length=80, examples=["hai-long"])]


Hours = Annotated[str, msgspec.Meta(
    max_length=200, examples=["mon-fri 07:30-11:30 13:30-17:00; sat 07:30-11:30"])]


class DeviceIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=120, pattern=r"\S")]
    form: Slug
    counter: Code | None = None
    unit: Code | None = None
    opening_hours: Hours | None = None


class DeviceOut(msgspec.Struct):
    id: str
    name: str
    status: Literal["pending", "active", "revoked"]
    agency: str
    unit: str
    counter: str | None
    form: str
    created_at: dt.datetime
    bound_at: dt.datetime | None
    revoked_at: dt.datetime | None
    last_contact_at: dt.datetime | None
    queue_size: int
    opening_hours: str | None
    answers_stored: int
    answers_refused: int
    answers_rejected: int
    #: kept apart: the scanned receipt's dossier had answered already
    answers_already_answered: int


class DeviceEnrolled(DeviceOut):
    code: str
    enrolment_expires_at: dt.datetime
    enrol_url: str
    qr_svg: str


class BindIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]


class DeviceBound(DeviceOut):
    credential: str


class DutyIn(msgspec.Struct, forbid_unknown_fields=True):
    officer: Code | None


class DutyOut(msgspec.Struct):
    counter: str
    officer: str | None
    since: dt.datetime
    source: str


class PinIn(msgspec.Struct, forbid_unknown_fields=True):
    pin: Annotated[str, msgspec.Meta(min_length=4, max_length=8, pattern=r"^[0-9]{4,8}$")]


class PinOut(msgspec.Struct):
    officer: str
    pin_set: bool


class SignOnIn(msgspec.Struct, forbid_unknown_fields=True):
    officer: Code
    pin: Annotated[str, msgspec.Meta(min_length=1, max_length=16)]


class StateIn(msgspec.Struct, forbid_unknown_fields=True):
    queue: Annotated[int, msgspec.Meta(ge=0, le=1_000_000)] | None = None


class StateOut(msgspec.Struct):
    device: str
    name: str
    unit: str
    unit_name: str
    counter: str | None
    counter_name: str | None
    officer: str | None
    form: str
    version: int
    definition: dict[str, Any]
    idle_seconds: int
    server_time: dt.datetime
    #: a general form's questions, compact, one screen each (``None``: the quick rating)
    questions: list[dict[str, Any]] | None = None


class AnswerItemIn(msgspec.Struct, forbid_unknown_fields=True):
    seq: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]
    answered_at: Annotated[dt.datetime, msgspec.Meta(tz=True)]
    form: Slug
    answers: dict[str, Any]
    version: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)] | None = None
    locale: Literal["vi", "en"] = "vi"
    #: the receipt link the citizen scanned (whole, or its query string ``k=…&h=…``):
    #: ties the answer to the receipt's dossier
    receipt: Annotated[str, msgspec.Meta(min_length=1, max_length=1000)] | None = None


class AnswersIn(msgspec.Struct, forbid_unknown_fields=True):
    answers: Annotated[list[AnswerItemIn], msgspec.Meta(max_length=500)]
    queue: Annotated[int, msgspec.Meta(ge=0, le=1_000_000)] | None = None
    sent_at: Annotated[dt.datetime, msgspec.Meta(tz=True)] | None = None


class AnswerResultOut(msgspec.Struct, omit_defaults=True):
    seq: int
    result: Literal["stored", "duplicate", "rejected", "refused", "already_answered", "pending"]
    response: int | None = None
    code: str | None = None
    message: str | None = None
    errors: list[dict[str, Any]] = []
    flags: list[Flag] = []


class AnswersOut(msgspec.Struct):
    stored: int
    duplicate: int
    rejected: int
    already_answered: int
    pending: int
    server_time: dt.datetime
    results: list[AnswerResultOut]


Flag = Literal["burst", "outside_hours", "no_dossier", "clock_skew"]


class ActivityAnswer(msgspec.Struct):
    seq: int
    status: Literal["claimed", "stored", "rejected", "refused", "already_answered"]
    answered_at: dt.datetime
    received_at: dt.datetime
    flags: list[Flag]
    reason: str | None
    response: int | None


class FlagCounts(msgspec.Struct):
    burst: int
    outside_hours: int
    no_dossier: int
    clock_skew: int


class ActivityOut(msgspec.Struct):
    device: DeviceOut
    flagged: FlagCounts
    flagged_answers: int
    answers: list[ActivityAnswer]
