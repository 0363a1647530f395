from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec

from forms_service.roles import RoleName


class ApiKeyIn(msgspec.Struct, forbid_unknown_fields=True):
    role: RoleName
    agency: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    name: Annotated[str, msgspec.Meta(max_length=255)] = ""


class ApiKeyOut(msgspec.Struct):
    id: str
    name: str
    role: str
    agency: str | None
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None


class ApiKeyCreated(msgspec.Struct):
    id: str
    key: str
    name: str
    role: str
    agency: str | None
    created_at: dt.datetime
    # portal keys: the HS256 secret for signing context tokens; integration keys: for
    # signing receipt links (kid = id); shown once
    signing_secret: str | None = None
