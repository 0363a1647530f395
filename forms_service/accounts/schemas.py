"""Bodies of the people API (``/api/v1/people``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, UnsetType

__all__ = ["PersonChange", "PersonIn", "PersonOut"]

Email = Annotated[str, msgspec.Meta(min_length=3, max_length=254,
                                    examples=["chi@haiduong.gov.vn"])]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=255,
                                   examples=["Nguyễn Thị Chi"])]
AgencyCode = Annotated[str, msgspec.Meta(min_length=1, max_length=40,
                                         examples=["000.00.00.H29"])]
UnitCode = Annotated[str, msgspec.Meta(
    min_length=1, max_length=64, examples=["TTHCC"],
    description="A unit of the person's agency: the person sees that unit and its "
                "sub-units only (designers and analysts of an agency)")]
PersonRole = Annotated[str, msgspec.Meta(
    min_length=1, max_length=16, examples=["analyst"],
    description="A role people may hold (forms_service.roles: admin, designer, analyst)")]


class PersonIn(msgspec.Struct, forbid_unknown_fields=True):
    """A new person; they sign in by one-time link until they set a password."""

    email: Email
    name: Name
    role: PersonRole
    agency: AgencyCode | None = None
    unit: UnitCode | None = None
    locale: Literal["vi", "en"] = "vi"


class PersonChange(msgspec.Struct, forbid_unknown_fields=True):
    """The fields given change; ``unit: null`` gives the person the whole agency."""

    unit: UnitCode | UnsetType | None = UNSET
    active: bool | UnsetType = UNSET


class PersonOut(msgspec.Struct):
    id: int
    email: str
    name: str
    role: str
    agency: str | None
    unit: str | None
    unit_name: str | None
    locale: str
    active: bool
    created_at: dt.datetime
