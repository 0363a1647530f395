"""``/api/v1/nomination-rounds``: rounds of excellent services nominated by the
agencies (seed 000), their nominations side by side, honours and publication.

Accepting a reply or asking for changes is the collections API's
(``POST /api/v1/collections/{id}/replies/{agency}/accept``): a round is a
collection.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from litestar import Controller, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, PathParameter, QueryParameter

from forms_service.auth import Principal
from forms_service.collections import nomination_office, nominations
from forms_service.collections.nomination_schemas import (
    HonourIn,
    NominationOut,
    NominationRoundIn,
    NominationRoundOut,
    NominationsIn,
    SideBySideOut,
)
from forms_service.context import Context

__all__ = ["NominationController"]

RoundId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]


class NominationController(Controller):
    path = "/api/v1/nomination-rounds"
    tags = ["collections"]

    @post("/", summary="Make a nomination round for a year (the national office)")
    async def create(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                     data: JSONBody[NominationRoundIn]) -> NominationRoundOut:
        row = await nominations.create_round(ctx, principal, msgspec.to_builtins(data))
        return msgspec.convert(row, NominationRoundOut)

    @get("/{collection_id:int}", summary="One nomination round")
    async def read(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                   collection_id: FromPath[RoundId]) -> NominationRoundOut:
        row = await nominations.read_round(ctx, principal, collection_id)
        return msgspec.convert(row, NominationRoundOut)

    @get("/{collection_id:int}/nominations",
         summary="Every sent nomination side by side, filtered and sorted (the office)")
    async def side_by_side(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        collection_id: FromPath[RoundId],
        audience: Annotated[Literal["citizen", "business"] | None,
                            QueryParameter(name="audience")] = None,
        group: Annotated[Literal["ministries", "provinces"] | None,
                         QueryParameter(name="group")] = None,
        agency: Annotated[str | None, QueryParameter(name="agency", max_length=40)] = None,
        verdict: Annotated[Literal["excellent", "meets_point_estimate", "below",
                                   "insufficient_data"] | None,
                           QueryParameter(name="verdict")] = None,
        reply_state: Annotated[Literal["submitted", "changes_requested", "accepted"] | None,
                               QueryParameter(name="state")] = None,
        honoured: Annotated[bool | None, QueryParameter(name="honoured")] = None,
        sort: Annotated[Literal["online_dossiers", "online_rank", "satisfaction",
                                "lower_bound", "cost_saving", "time_saving"] | None,
                        QueryParameter(name="sort")] = None,
        order: Annotated[Literal["asc", "desc"], QueryParameter(name="order")] = "desc",
        check: Annotated[bool, QueryParameter(
            name="check", description="Compare each frozen evidence with the current "
                                      "figures")] = False,
    ) -> SideBySideOut:
        row = await nomination_office.side_by_side(
            ctx, principal, collection_id, audience=audience, group=group, agency=agency,
            verdict=verdict, state=reply_state, honoured=honoured, sort=sort, order=order,
            check=check)
        return msgspec.convert(row, SideBySideOut)

    @get("/{collection_id:int}/nominations/{agency:str}",
         summary="An agency's nominations, its candidates with their evidence, and what its "
                 "submission froze")
    async def nomination(self, ctx: NamedDependency[Context],
                         principal: NamedDependency[Principal],
                         collection_id: FromPath[RoundId],
                         agency: FromPath[str]) -> NominationOut:
        row = await nominations.read_nomination(ctx, principal, collection_id, agency[:40])
        return msgspec.convert(row, NominationOut)

    @put("/{collection_id:int}/nominations/{agency:str}/draft",
         summary="Save the agency's nominations (its designers and analysts)")
    async def draft(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                    collection_id: FromPath[RoundId], agency: FromPath[str],
                    data: JSONBody[NominationsIn]) -> NominationOut:
        row = await nominations.save_nominations(
            ctx, principal, collection_id, agency[:40],
            msgspec.to_builtins(data.nominations), data.revision)
        return msgspec.convert(row, NominationOut)

    @post("/{collection_id:int}/nominations/{agency:str}/submit", status_code=200,
          summary="Submit the saved nominations, freezing their evidence")
    async def submit(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                     collection_id: FromPath[RoundId], agency: FromPath[str]) -> NominationOut:
        row = await nominations.submit_nominations(ctx, principal, collection_id, agency[:40])
        return msgspec.convert(row, NominationOut)

    @post("/{collection_id:int}/honours", status_code=200,
          summary="Honour a nominated service of an accepted reply, or withdraw the honour "
                  "(the office)")
    async def honour(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                     collection_id: FromPath[RoundId],
                     data: JSONBody[HonourIn]) -> NominationRoundOut:
        row = await nomination_office.mark_honour(ctx, principal, collection_id, data.agency,
                                            data.service, data.honoured)
        return msgspec.convert(row, NominationRoundOut)

    @post("/{collection_id:int}/publish", status_code=200,
          summary="Publish the round's honour list (the office)")
    async def publish(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                      collection_id: FromPath[RoundId]) -> NominationRoundOut:
        row = await nomination_office.publish(ctx, principal, collection_id, True)
        return msgspec.convert(row, NominationRoundOut)

    @post("/{collection_id:int}/unpublish", status_code=200,
          summary="Withdraw the round's honour list (the office)")
    async def unpublish(self, ctx: NamedDependency[Context],
                        principal: NamedDependency[Principal],
                        collection_id: FromPath[RoundId]) -> NominationRoundOut:
        row = await nomination_office.publish(ctx, principal, collection_id, False)
        return msgspec.convert(row, NominationRoundOut)
