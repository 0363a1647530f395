"""``/api/v1/outbox``: an agency's messages and their delivery, and retrying a dead one."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.outbox import service

__all__ = ["OutboxController", "OutboxMessageOut"]


class OutboxMessageOut(msgspec.Struct):
    """A message without what it says or to whom."""

    id: int
    kind: str
    channel: Literal["email", "sms", "zalo", "webhook"]
    status: Literal["queued", "sending", "sent", "failed", "dead", "held"]
    attempts: int
    last_error: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None


StatusQuery = Annotated[
    Literal["queued", "sending", "sent", "failed", "dead", "held"] | None,
    QueryParameter(name="status", description="Only messages in this state")]
AfterQuery = Annotated[int, QueryParameter(name="after", ge=0, le=2**31 - 1,
                                           description="Messages after this id")]
LimitQuery = Annotated[int, QueryParameter(name="limit", ge=1, le=service.MAX_PAGE)]


class OutboxController(Controller):
    path = "/api/v1/outbox"
    tags = ["outbox"]

    @get("/", summary="The agency's messages (dead letters with status=dead), oldest first")
    async def list(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                   status: StatusQuery = None, after: AfterQuery = 0,
                   limit: LimitQuery = 100) -> list[OutboxMessageOut]:
        rows = await service.list_messages(ctx, principal, status=status, after=after,
                                           limit=limit)
        return msgspec.convert(rows, list[OutboxMessageOut])

    @post("/{message_id:int}/retry", summary="Queue a dead message again", status_code=200)
    async def retry(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                    message_id: FromPath[int]) -> OutboxMessageOut:
        row = await service.retry_message(ctx, principal, message_id)
        return msgspec.convert(row, OutboxMessageOut)
