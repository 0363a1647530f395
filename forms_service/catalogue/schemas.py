from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

Count = Annotated[int, msgspec.Meta(ge=0, le=2_000_000_000)]


class ServiceIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(min_length=1, max_length=64, examples=["1.001193"])]
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    audience: Literal["citizen", "business"]
    delivery: Literal["full_online", "partial_online"]
    agency: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    field: Annotated[str, msgspec.Meta(max_length=120, examples=["Hộ tịch"])] | None = None


class ServiceOut(msgspec.Struct):
    code: str
    name: str
    agency: str
    audience: str
    delivery: str
    created_at: dt.datetime
    field: str | None = None


class DossierStatsIn(msgspec.Struct, forbid_unknown_fields=True):
    period: Annotated[str, msgspec.Meta(max_length=7, examples=["2023-Q3", "2023-07"])]
    online_dossiers: Count
    total_dossiers: Count
    self_submitted_dossiers: Count = 0
    cost_saving_vnd: Annotated[int, msgspec.Meta(ge=0, le=10**15)] | None = None
    time_saving_hours: Annotated[float, msgspec.Meta(ge=0, le=10**9)] | None = None
    savings_note: Annotated[str, msgspec.Meta(max_length=2000)] | None = None


class DossierStatsOut(msgspec.Struct):
    service: str
    agency: str
    period: str
    online_dossiers: int
    total_dossiers: int
    self_submitted_dossiers: int
    cost_saving_vnd: int | None
    time_saving_hours: float | None
    savings_note: str | None
    updated_at: dt.datetime
