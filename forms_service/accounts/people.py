"""``/api/v1/people``: the people who sign in to the workspace, for administrators.

A person is created without a password (they sign in by one-time link and may
set one on ``/account``); a designer or analyst of an agency may be limited to
one of its units and its sub-units (``unit``), changed or cleared later.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from forms_service.accounts import service
from forms_service.accounts.schemas import PersonChange, PersonIn, PersonOut
from forms_service.auth import Principal
from forms_service.context import Context

__all__ = ["PeopleController"]

AgencyQuery = Annotated[str | None, QueryParameter(
    name="agency", max_length=40, description="Only the people of this agency")]


class PeopleController(Controller):
    path = "/api/v1/people"
    tags = ["people"]

    @get("/", summary="List the people who sign in, with their role, agency and unit (admin)")
    async def list(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                   agency: AgencyQuery = None) -> list[PersonOut]:
        principal.require_role()
        return msgspec.convert(await service.list_people(ctx, agency), list[PersonOut])

    @post("/", summary="Register a person, optionally limited to a unit of their agency (admin)")
    async def create(self, ctx: NamedDependency[Context],
                     principal: NamedDependency[Principal],
                     data: JSONBody[PersonIn]) -> PersonOut:
        principal.require_role()
        row = await service.create_person(
            ctx, email=data.email, name=data.name, role=data.role, agency_code=data.agency,
            password=None, locale=data.locale, unit_code=data.unit)
        return msgspec.convert(row, PersonOut)

    @patch("/{person_id:int}",
           summary="Change a person's unit (null: the whole agency) or sign-in (admin)")
    async def change(self, ctx: NamedDependency[Context],
                     principal: NamedDependency[Principal], person_id: FromPath[int],
                     data: JSONBody[PersonChange]) -> PersonOut:
        principal.require_role()
        row = await service.change_person(ctx, person_id, unit=data.unit, active=data.active)
        return msgspec.convert(row, PersonOut)
