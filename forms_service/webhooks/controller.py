"""``/api/v1/webhooks``: an agency's endpoints, their secrets and delivery logs."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.webhooks import service
from forms_service.webhooks.schemas import (
    DeliveryOut,
    EndpointChange,
    EndpointCreated,
    EndpointIn,
    EndpointOut,
    RotateIn,
)

__all__ = ["WebhookController"]

StatusQuery = Annotated[
    Literal["queued", "sending", "sent", "failed", "dead", "held"] | None,
    QueryParameter(name="status", description="Only deliveries in this state")]
AfterQuery = Annotated[int, QueryParameter(name="after", ge=0, le=2**31 - 1,
                                           description="Deliveries after this id")]
LimitQuery = Annotated[int, QueryParameter(name="limit", ge=1, le=500)]


class WebhookController(Controller):
    path = "/api/v1/webhooks"
    tags = ["webhooks"]

    @post("/", summary="Register an endpoint; its secret is shown only in this response")
    async def create(self, ctx: NamedDependency[Context],
                     principal: NamedDependency[Principal],
                     data: JSONBody[EndpointIn]) -> EndpointCreated:
        row, secret = await service.create_endpoint(
            ctx, principal, url=data.url, events=data.events, agency=data.agency,
            free_text=data.free_text, description=data.description)
        return msgspec.convert(row | {"secret": secret}, EndpointCreated)

    @get("/", summary="The agency's endpoints (never their secrets)")
    async def list(self, ctx: NamedDependency[Context],
                   principal: NamedDependency[Principal]) -> list[EndpointOut]:
        return msgspec.convert(await service.list_endpoints(ctx, principal), list[EndpointOut])

    @get("/{endpoint_id:int}", summary="One endpoint: its state, failure streak and "
                                       "messages held")
    async def one(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                  endpoint_id: FromPath[int]) -> EndpointOut:
        row = await service.get_endpoint(ctx, principal, endpoint_id)
        return msgspec.convert(row, EndpointOut)

    @patch("/{endpoint_id:int}", summary="Change an endpoint's events, free-text flag or "
                                         "description; disable or enable it")
    async def change(self, ctx: NamedDependency[Context],
                     principal: NamedDependency[Principal], endpoint_id: FromPath[int],
                     data: JSONBody[EndpointChange]) -> EndpointOut:
        row = await service.update_endpoint(
            ctx, principal, endpoint_id, events=data.events, free_text=data.free_text,
            description=data.description, enabled=data.enabled)
        return msgspec.convert(row, EndpointOut)

    @delete("/{endpoint_id:int}", status_code=HTTP_200_OK,
            summary="Remove an endpoint and its delivery log")
    async def remove(self, ctx: NamedDependency[Context],
                     principal: NamedDependency[Principal],
                     endpoint_id: FromPath[int]) -> EndpointOut:
        row = await service.delete_endpoint(ctx, principal, endpoint_id)
        return msgspec.convert(row, EndpointOut)

    @post("/{endpoint_id:int}/rotate", status_code=HTTP_200_OK,
          summary="A new secret (shown once); the old one signs too for a grace period")
    async def rotate(self, ctx: NamedDependency[Context],
                     principal: NamedDependency[Principal], endpoint_id: FromPath[int],
                     data: JSONBody[RotateIn]) -> EndpointCreated:
        row, secret = await service.rotate_secret(ctx, principal, endpoint_id,
                                                  data.grace_hours)
        return msgspec.convert(row | {"secret": secret}, EndpointCreated)

    @get("/{endpoint_id:int}/deliveries", summary="The endpoint's delivery log, oldest first")
    async def deliveries(self, ctx: NamedDependency[Context],
                         principal: NamedDependency[Principal], endpoint_id: FromPath[int],
                         status: StatusQuery = None, after: AfterQuery = 0,
                         limit: LimitQuery = 100) -> list[DeliveryOut]:
        rows = await service.deliveries(ctx, principal, endpoint_id, status=status,
                                        after=after, limit=limit)
        return msgspec.convert(rows, list[DeliveryOut])

    @post("/{endpoint_id:int}/deliveries/{delivery_id:int}/replay", status_code=HTTP_200_OK,
          summary="Send a delivery again with the same webhook-id")
    async def replay(self, ctx: NamedDependency[Context],
                     principal: NamedDependency[Principal], endpoint_id: FromPath[int],
                     delivery_id: FromPath[int]) -> DeliveryOut:
        row = await service.replay(ctx, principal, endpoint_id, delivery_id)
        return msgspec.convert(row, DeliveryOut)
