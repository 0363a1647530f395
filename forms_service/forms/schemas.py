from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec

Slug = Annotated[str, msgspec.Meta(min_length=2, max_length=80, pattern="^[a-z0-9][a-z0-9-]+$",
                                   examples=["hai-long-dvc"])]


class FormIn(msgspec.Struct, forbid_unknown_fields=True):
    slug: Slug
    agency: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    definition: dict[str, Any] | None = None
    template: Annotated[str, msgspec.Meta(max_length=80)] | None = None
    access: Literal["token", "open"] = "token"


class DraftIn(msgspec.Struct, forbid_unknown_fields=True):
    definition: dict[str, Any]


class ScheduleIn(msgspec.Struct, forbid_unknown_fields=True):
    """When the form takes answers and how many; null (or absent): no limit of that kind.
    Times without an offset are Vietnam time (UTC+7)."""

    opens_at: Annotated[dt.datetime | None, msgspec.Meta(
        examples=["2027-01-15T08:00:00+07:00"])] = None
    closes_at: Annotated[dt.datetime | None, msgspec.Meta(
        examples=["2027-03-31T17:00:00+07:00"])] = None
    max_responses: Annotated[int | None, msgspec.Meta(examples=[5000])] = None


class ScheduleOut(msgspec.Struct):
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    max_responses: int | None


class VersionRef(msgspec.Struct):
    number: int
    published_at: dt.datetime


class FormOut(msgspec.Struct):
    slug: str
    agency: str
    status: str
    access: str
    latest_version: int | None
    definition: dict[str, Any] | None
    draft: dict[str, Any] | None
    has_unpublished_changes: bool
    schedule: ScheduleOut
    versions: list[VersionRef]
    created_at: dt.datetime
    updated_at: dt.datetime


class FormSummary(msgspec.Struct):
    slug: str
    agency: str
    status: str
    access: str
    latest_version: int
    updated_at: dt.datetime


class VersionOut(msgspec.Struct):
    slug: str
    number: int
    published_at: dt.datetime
    definition: dict[str, Any]


class TemplateSummary(msgspec.Struct):
    name: str
    title: dict[str, str]
    description: dict[str, str]
