from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Response, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.embedding import portals, service
from forms_service.embedding.schemas import EmbedTokenIn, EmbedTokenOut, PortalIn, PortalOut


class EmbedTokenController(Controller):
    path = "/api/v1/embed-tokens"
    tags = ["embedding"]

    @post("/", summary="Sign a context token with the calling portal key")
    async def mint(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        data: JSONBody[EmbedTokenIn],
    ) -> EmbedTokenOut:
        minted = await service.mint_token(
            ctx, principal, form=data.form, service=data.service, dossier=data.dossier,
            channel=data.channel, locale=data.locale, ttl_seconds=data.ttl_seconds,
        )
        return msgspec.convert(minted, EmbedTokenOut)


class PortalController(Controller):
    path = "/api/v1/agencies/{code:str}/portals"
    tags = ["embedding"]

    @get("/", summary="The portal origins where the agency's forms may be embedded")
    async def list(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        code: FromPath[str],
    ) -> list[PortalOut]:
        rows = await portals.list_portals(ctx, principal, code)
        return msgspec.convert(rows, list[PortalOut])

    @post("/", summary="Register a portal origin (201 new, 200 already registered)")
    async def add(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        code: FromPath[str], data: JSONBody[PortalIn],
    ) -> Response[Any]:
        row, created = await portals.add_portal(ctx, principal, code, data.origin)
        return Response(
            msgspec.to_builtins(msgspec.convert(row, PortalOut)),
            status_code=HTTP_201_CREATED if created else HTTP_200_OK,
        )

    @delete("/", status_code=HTTP_200_OK, summary="Remove a portal origin")
    async def remove(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        code: FromPath[str],
        origin: Annotated[str, QueryParameter(name="origin", min_length=1, max_length=255)],
    ) -> dict[str, str]:
        await portals.remove_portal(ctx, principal, code, origin)
        return {"removed": origin}
