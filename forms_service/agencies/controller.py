from __future__ import annotations

import msgspec
from litestar import Controller, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from forms_service.agencies import branding, service
from forms_service.agencies.schemas import (
    AgencyIn,
    AgencyOut,
    AutoRegistrationIn,
    AutoRegistrationOut,
    BrandingIn,
    BrandingOut,
    PublicationIn,
)
from forms_service.auth import Principal
from forms_service.context import Context


class AgencyController(Controller):
    path = "/api/v1/agencies"
    tags = ["agencies"]

    @post("/", summary="Register an agency (admin)")
    async def create(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        data: JSONBody[AgencyIn],
    ) -> AgencyOut:
        row = await service.create_agency(
            ctx, principal, code=data.code, name=data.name, kind=data.kind
        )
        return msgspec.convert(row, AgencyOut)

    @get("/", summary="List agencies (an agency key sees its own)")
    async def list(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
    ) -> list[AgencyOut]:
        rows = await service.list_agencies(ctx, principal)
        return msgspec.convert(rows, list[AgencyOut])

    @put("/{code:str}/publication",
         summary="Publish the agency's aggregate results on /public, or stop (designer, admin)")
    async def publication(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        code: FromPath[str], data: JSONBody[PublicationIn],
    ) -> AgencyOut:
        row = await service.set_publication(ctx, principal, code, data.publish_results)
        return msgspec.convert(row, AgencyOut)

    @put("/{code:str}/branding",
         summary="The accent colour (WCAG AA contrast) and logo of the agency's form pages")
    async def branding(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        code: FromPath[str], data: JSONBody[BrandingIn],
    ) -> BrandingOut:
        row = await branding.set_branding(ctx, principal, code, accent_colour=data.accent_colour,
                                          logo=data.logo)
        return msgspec.convert(row, BrandingOut)

    @put("/{code:str}/auto-registration",
         summary="Let dossier events register unknown officers and counters (designer, admin)")
    async def auto_registration(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        code: FromPath[str], data: JSONBody[AutoRegistrationIn],
    ) -> AutoRegistrationOut:
        row = await service.set_auto_registration(ctx, principal, code,
                                                  data.auto_register_staff)
        return msgspec.convert(row, AutoRegistrationOut)
