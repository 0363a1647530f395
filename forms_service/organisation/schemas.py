"""Bodies of the organisation API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, UnsetType

__all__ = [
    "CounterIn", "CounterOut", "CounterPatch", "ImportIn", "ImportOut", "OfficerIn",
    "OfficerOut", "OfficerPatch", "UnitIn", "UnitOut", "UnitPatch",
]

Code = Annotated[str, msgspec.Meta(min_length=1, max_length=64, examples=["TTHCC"])]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
UnitKind = Literal["department", "commune", "centre", "other"]


class UnitIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Code
    name: Name
    kind: UnitKind = "other"
    parent: Code | None = None
    closed_on: dt.date | None = None
    successor: Code | None = None


class UnitPatch(msgspec.Struct, forbid_unknown_fields=True):
    name: Name | UnsetType = UNSET
    kind: UnitKind | UnsetType = UNSET
    parent: Code | UnsetType | None = UNSET
    active: bool | UnsetType = UNSET
    closed_on: dt.date | UnsetType | None = UNSET
    successor: Code | UnsetType | None = UNSET


class UnitOut(msgspec.Struct):
    code: str
    name: str
    kind: str
    parent: str | None
    active: bool
    closed_on: dt.date | None
    successor: str | None
    agency: str


Field = Annotated[str, msgspec.Meta(max_length=120, examples=["Hộ tịch"],
                                     description="The field (lĩnh vực) the counter serves")]


class CounterIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Code
    name: Name
    unit: Code
    field: Field | None = None


class CounterPatch(msgspec.Struct, forbid_unknown_fields=True):
    name: Name | UnsetType = UNSET
    unit: Code | UnsetType = UNSET
    active: bool | UnsetType = UNSET
    field: Field | UnsetType | None = UNSET


class CounterOut(msgspec.Struct):
    code: str
    name: str
    unit: str | None
    active: bool
    agency: str
    field: str | None = None


class OfficerIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Code
    name: Name
    unit: Code | None = None


class OfficerPatch(msgspec.Struct, forbid_unknown_fields=True):
    name: Name | UnsetType = UNSET
    unit: Code | UnsetType | None = UNSET
    active: bool | UnsetType = UNSET


class OfficerOut(msgspec.Struct):
    code: str
    name: str
    unit: str | None
    active: bool
    agency: str


class ImportIn(msgspec.Struct, forbid_unknown_fields=True):
    """Either ``rows`` (objects with the fields of one kind) or ``csv`` (a header
    line naming the fields, then one row per line)."""

    rows: Annotated[list[dict[str, Any]], msgspec.Meta(max_length=5000)] | None = None
    csv: Annotated[str, msgspec.Meta(max_length=4_000_000)] | None = None


class ImportRowOut(msgspec.Struct, omit_defaults=True):
    row: int
    code: str | None
    result: Literal["created", "updated", "error"]
    field: str | None = None
    message: str | None = None


class ImportOut(msgspec.Struct):
    created: int
    updated: int
    rejected: int
    results: list[ImportRowOut]
