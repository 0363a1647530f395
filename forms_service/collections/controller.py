"""``/api/v1/collections``: the national office's requests to agencies, their
replies, reviews and tracking."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, PathParameter

from forms_service.auth import Principal
from forms_service.collections import replies, service
from forms_service.collections.schemas import (
    CollectionIn,
    CollectionList,
    CollectionOut,
    CommentIn,
    DraftIn,
    ReplyOut,
    StatusOut,
)
from forms_service.context import Context
from forms_service.http import request_locale

__all__ = ["CollectionController"]

CollectionId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]


class CollectionController(Controller):
    path = "/api/v1/collections"
    tags = ["collections"]

    @post("/", summary="Make a collection (the national office)")
    async def create(self, ctx: NamedDependency[Context],
                     principal: NamedDependency[Principal],
                     data: JSONBody[CollectionIn]) -> CollectionOut:
        body = msgspec.to_builtins(data)
        row = await service.create_collection(ctx, principal, body)
        return msgspec.convert(row, CollectionOut)

    @get("/", summary="Collections: all (the office), or those asking the caller's agency")
    async def list(self, ctx: NamedDependency[Context],
                   principal: NamedDependency[Principal]) -> CollectionList:
        rows = await service.list_collections(ctx, principal)
        return CollectionList(items=[msgspec.convert(row, CollectionOut) for row in rows])

    @get("/{collection_id:int}", summary="One collection")
    async def read(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                   collection_id: FromPath[CollectionId]) -> CollectionOut:
        row = await service.read_collection(ctx, principal, collection_id)
        return msgspec.convert(row, CollectionOut)

    @get("/{collection_id:int}/status",
         summary="Every asked agency's state, and the sentence naming those that have not sent")
    async def status(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                     collection_id: FromPath[CollectionId]) -> StatusOut:
        row = await service.collection_status(ctx, principal, collection_id)
        return msgspec.convert(row, StatusOut)

    @get("/{collection_id:int}/replies/{agency:str}",
         summary="An agency's reply: answers, state and every step")
    async def reply(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                    collection_id: FromPath[CollectionId], agency: FromPath[str]) -> ReplyOut:
        row = await replies.read_reply(ctx, principal, collection_id, agency)
        return msgspec.convert(row, ReplyOut)

    @put("/{collection_id:int}/replies/{agency:str}/draft",
         summary="Save the agency's answers as they stand (its designers and analysts)")
    async def draft(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                    collection_id: FromPath[CollectionId], agency: FromPath[str],
                    data: JSONBody[DraftIn]) -> ReplyOut:
        row = await replies.save_draft(ctx, principal, collection_id, agency, data.answers,
                                       data.revision)
        return msgspec.convert(row, ReplyOut)

    @post("/{collection_id:int}/replies/{agency:str}/submit", status_code=200,
          summary="Submit the saved answers (late after the deadline, still taken)")
    async def submit(self, request: Request, ctx: NamedDependency[Context],  # type: ignore[type-arg]
                     principal: NamedDependency[Principal],
                     collection_id: FromPath[CollectionId], agency: FromPath[str]) -> ReplyOut:
        row = await replies.take_step(ctx, principal, collection_id, agency, "submit",
                                      locale=request_locale(request))
        return msgspec.convert(row, ReplyOut)

    @post("/{collection_id:int}/replies/{agency:str}/accept", status_code=200,
          summary="Accept a submitted reply (the national office)")
    async def accept(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                     collection_id: FromPath[CollectionId], agency: FromPath[str]) -> ReplyOut:
        row = await replies.take_step(ctx, principal, collection_id, agency, "accept")
        return msgspec.convert(row, ReplyOut)

    @post("/{collection_id:int}/replies/{agency:str}/request-changes", status_code=200,
          summary="Ask the agency to change a submitted reply, saying what (the office)")
    async def request_changes(self, ctx: NamedDependency[Context],
                              principal: NamedDependency[Principal],
                              collection_id: FromPath[CollectionId], agency: FromPath[str],
                              data: JSONBody[CommentIn]) -> ReplyOut:
        row = await replies.take_step(ctx, principal, collection_id, agency,
                                      "request_changes", data.comment)
        return msgspec.convert(row, ReplyOut)
