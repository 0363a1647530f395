from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, QueryParameter

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.dossiers import service
from forms_service.dossiers.schemas import EventBatchIn, EventBatchOut
from forms_service.http import request_locale

__all__ = ["EVENTS_MAX_BODY_BYTES", "DossierEventController"]

#: A batch of 1,000 events is far larger than an answer: its own body limit.
EVENTS_MAX_BODY_BYTES = 4 * 1024 * 1024

AgencyQuery = Annotated[str | None, QueryParameter(
    name="agency", max_length=40, description="Agency code; defaults to the key's own agency")]


class DossierEventController(Controller):
    path = "/api/v1/dossier-events"
    tags = ["dossiers"]

    @post("/", summary="Send a batch of dossier events (one result per event)", status_code=200,
          request_max_body_size=EVENTS_MAX_BODY_BYTES)
    async def receive(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        principal: NamedDependency[Principal], data: JSONBody[EventBatchIn],
        agency: AgencyQuery = None,
    ) -> EventBatchOut:
        results = await service.receive_events(ctx, principal, agency=agency,
                                               events=data.events)
        locale = request_locale(request)
        items = [item.as_dict(locale) for item in results]
        counts = {kind: sum(1 for r in results if r.result == kind)
                  for kind in ("stored", "duplicate", "error")}
        return msgspec.convert({"stored": counts["stored"], "duplicate": counts["duplicate"],
                                "rejected": counts["error"], "results": items}, EventBatchOut)
