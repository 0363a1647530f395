from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from forms_service.auth import Principal
from forms_service.catalogue import service
from forms_service.catalogue.schemas import DossierStatsIn, DossierStatsOut, ServiceIn, ServiceOut
from forms_service.context import Context

AgencyQuery = Annotated[str | None, QueryParameter(
    name="agency", max_length=40, description="Agency code; defaults to the key's own agency")]


class ServiceController(Controller):
    path = "/api/v1/services"
    tags = ["services"]

    @post("/", summary="Register a service (procedure) of an agency")
    async def create(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        data: JSONBody[ServiceIn],
    ) -> ServiceOut:
        row = await service.create_service(
            ctx, principal, code=data.code, name=data.name, agency=data.agency,
            audience=data.audience, delivery=data.delivery, field=data.field,
        )
        return msgspec.convert(row, ServiceOut)

    @get("/", summary="List services")
    async def list(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        agency: AgencyQuery = None,
    ) -> list[ServiceOut]:
        rows = await service.list_services(ctx, principal, agency=agency)
        return msgspec.convert(rows, list[ServiceOut])

    @get("/{code:str}", summary="One service")
    async def read(
        self, principal: NamedDependency[Principal], code: FromPath[str], agency: AgencyQuery = None
    ) -> ServiceOut:
        return msgspec.convert(await service.find_service(principal, code, agency), ServiceOut)

    @post("/{code:str}/dossier-stats",
          summary="Record a service's dossier counts for a period (2023-Q3 or 2023-07)")
    async def dossier_stats(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        code: FromPath[str], data: JSONBody[DossierStatsIn], agency: AgencyQuery = None,
    ) -> Response[DossierStatsOut]:
        row, created = await service.record_dossier_stats(
            ctx, principal, code, agency=agency, **msgspec.structs.asdict(data)
        )
        return Response(msgspec.convert(row, DossierStatsOut), status_code=201 if created else 200)
