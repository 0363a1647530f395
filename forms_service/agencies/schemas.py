from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

AgencyCode = Annotated[str, msgspec.Meta(min_length=1, max_length=40, examples=["G14"])]


class AgencyIn(msgspec.Struct, forbid_unknown_fields=True):
    code: AgencyCode
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
    kind: Literal["ministry", "province", "other"]


class AgencyOut(msgspec.Struct):
    code: str
    name: str
    kind: str
    created_at: dt.datetime
    publish_results: bool = False


class PublicationIn(msgspec.Struct, forbid_unknown_fields=True):
    """Whether the agency's aggregate results appear on the public pages (``/public``)."""

    publish_results: bool


class AutoRegistrationIn(msgspec.Struct, forbid_unknown_fields=True):
    """Whether dossier events register unknown officers and counters by their code."""

    auto_register_staff: bool


class AutoRegistrationOut(msgspec.Struct):
    code: str
    auto_register_staff: bool
