from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

from forms_service.channels import CLAIMABLE
from forms_service.i18n import DEFAULT_LOCALE, Locale


class EmbedTokenIn(msgspec.Struct, forbid_unknown_fields=True):
    form: Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
    service: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    dossier: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    channel: Literal[CLAIMABLE] = "web"
    locale: Locale = DEFAULT_LOCALE
    ttl_seconds: Annotated[int, msgspec.Meta(ge=60, le=604800)] = 86400


class EmbedTokenOut(msgspec.Struct):
    token: str
    expires_at: dt.datetime
    url: str


class PortalIn(msgspec.Struct, forbid_unknown_fields=True):
    origin: Annotated[str, msgspec.Meta(min_length=1, max_length=255,
                                        examples=["https://dichvucong.haiduong.gov.vn"])]


class PortalOut(msgspec.Struct):
    origin: str
    created_at: dt.datetime
