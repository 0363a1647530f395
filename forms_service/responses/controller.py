from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import QueryParameter

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.responses import service
from forms_service.responses.schemas import ResponseCreated, ResponseIn, ResponsePage


class ResponseController(Controller):
    path = "/api/v1/responses"
    tags = ["responses"]

    @post("/", summary="Submit a response (portal key, or a context token in the body); "
                       "409 if the dossier already answered")
    async def submit(
        self, request: Request[Any, Any, Any], ctx: Context, data: ResponseIn,
    ) -> ResponseCreated:
        if data.locale:
            request.scope.setdefault("state", {})["locale"] = data.locale
        created = await service.submit_answers(
            ctx, request.headers.get("authorization"),
            service.Submission(
                form=data.form, answers=data.answers, service=data.service,
                dossier=data.dossier, channel=data.channel or "", locale=data.locale or "",
            ),
            token=data.token,
        )
        return msgspec.convert(created, ResponseCreated)

    @get("/", summary="Read a form's responses, oldest first (analyst)")
    async def list(
        self, ctx: Context, principal: Principal,
        form: Annotated[str, QueryParameter(name="form", min_length=1, max_length=80)],
        since: Annotated[dt.datetime | None, QueryParameter(name="since")] = None,
        until: Annotated[dt.datetime | None, QueryParameter(name="until")] = None,
        after: Annotated[int | None, QueryParameter(
            name="after", ge=0, description="Continue after this response id")] = None,
        limit: Annotated[int, QueryParameter(name="limit", ge=1, le=1000)] = 100,
    ) -> ResponsePage:
        page = await service.list_responses(
            ctx, principal, form=form, since=since, until=until, after=after, limit=limit
        )
        return msgspec.convert(page, ResponsePage)
