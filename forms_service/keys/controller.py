from __future__ import annotations

import msgspec
from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.credentials.tokens import signing_secret
from forms_service.keys import service
from forms_service.keys.schemas import ApiKeyCreated, ApiKeyIn, ApiKeyOut
from forms_service.roles import Role


def _out(row: dict) -> dict:
    return row | {"id": row["key_id"]}


class ApiKeyController(Controller):
    path = "/api/v1/api-keys"
    tags = ["api keys"]

    @post("/", summary="Create an API key; the key is shown only in this response")
    async def create(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        data: JSONBody[ApiKeyIn],
    ) -> ApiKeyCreated:
        row, key = await service.create_key(
            ctx, principal, role=data.role, agency=data.agency, name=data.name
        )
        created = _out(row) | {"key": key}
        if row["role"] in (Role.PORTAL, Role.INTEGRATION):
            created["signing_secret"] = signing_secret(ctx.settings.secret_key, row["key_id"])
        return msgspec.convert(created, ApiKeyCreated)

    @get("/", summary="List API keys (never the keys themselves)")
    async def list(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
    ) -> list[ApiKeyOut]:
        rows = await service.list_keys(ctx, principal)
        return msgspec.convert([_out(r) for r in rows], list[ApiKeyOut])

    @delete("/{key_id:str}", status_code=HTTP_200_OK, summary="Revoke an API key")
    async def revoke(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        key_id: FromPath[str],
    ) -> ApiKeyOut:
        row = await service.revoke_key(ctx, principal, key_id)
        return msgspec.convert(_out(row), ApiKeyOut)
