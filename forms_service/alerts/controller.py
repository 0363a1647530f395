"""``/api/v1/agencies/{code}/alert-preferences``: the alerts of an agency's people."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from forms_service.alerts.preferences import agency_preferences, set_person_preferences
from forms_service.auth import Principal
from forms_service.context import Context

__all__ = ["AlertPreferenceController"]

Digest = Literal["none", "daily", "weekly"]


class AlertsIn(msgspec.Struct, forbid_unknown_fields=True):
    case_alerts: Annotated[bool, msgspec.Meta(
        description="An e-mail on each new case of the person's scope")] = False
    digest: Annotated[Digest, msgspec.Meta(
        description="A digest: none, daily (07:00 Vietnam time, the day before) or weekly "
                    "(Monday 07:00, the week before)")] = "none"


class AlertsOut(msgspec.Struct):
    person: int
    name: str
    role: str
    locale: str
    active: bool
    case_alerts: bool
    digest: Digest


class AlertPreferenceController(Controller):
    path = "/api/v1/agencies/{code:str}/alert-preferences"
    tags = ["cases"]

    @get("/", summary="The alerts each person of the agency asked for (designer)")
    async def list_preferences(self, ctx: NamedDependency[Context],
                               principal: NamedDependency[Principal],
                               code: FromPath[str]) -> list[AlertsOut]:
        rows = await agency_preferences(ctx, principal, code)
        return [AlertsOut(**row) for row in rows]

    @put("/{person_id:int}", summary="Set the alerts of a person of the agency (designer)")
    async def put_preferences(self, ctx: NamedDependency[Context],
                              principal: NamedDependency[Principal], code: FromPath[str],
                              person_id: FromPath[int], data: JSONBody[AlertsIn]) -> AlertsOut:
        row = await set_person_preferences(ctx, principal, code, person_id,
                                           msgspec.structs.asdict(data))
        return AlertsOut(**row)
