from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec

from forms_service.channels import CLAIMABLE
from forms_service.i18n import Locale


class ResponseIn(msgspec.Struct, forbid_unknown_fields=True):
    """Answers with their context: given here (with a portal API key), or
    signed by the portal in a context ``token`` (then no API key is needed,
    and the token names the service, dossier and channel)."""

    form: Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
    answers: dict[str, Any]
    service: Annotated[str, msgspec.Meta(max_length=64)] | None = None
    dossier: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    channel: Literal[CLAIMABLE] | None = None
    locale: Locale | None = None
    token: Annotated[str, msgspec.Meta(min_length=1, max_length=4096)] | None = None


class ResponseCreated(msgspec.Struct):
    id: int
    form: str
    version: int
    submitted_at: dt.datetime


class ResponseOut(msgspec.Struct):
    id: int
    version: int
    service: str | None
    agency: str
    channel: str
    locale: str
    submitted_at: dt.datetime
    answers: dict[str, Any]
    satisfaction_value: int | None
    satisfied: bool | None
    nps_score: int | None
    self_submitted: bool | None


class ResponsePage(msgspec.Struct):
    items: list[ResponseOut]
    next_after: int | None
