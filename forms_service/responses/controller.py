from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import QueryParameter
from litestar.types import Receive, Scope, Send

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.json_body import decode_json_body
from forms_service.responses import service
from forms_service.responses.schemas import ResponseCreated, ResponseIn, ResponsePage

_encode = msgspec.json.Encoder().encode


class _Created:
    """A 201 with a JSON body encoded beforehand: sent as it is, nothing to negotiate."""

    __slots__ = ("body",)

    def __init__(self, body: bytes) -> None:
        self.body = body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 201, "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(self.body)).encode()),
        ]})
        await send({"type": "http.response.body", "body": self.body})


def _documented_body(data: ResponseIn) -> ResponseIn:
    """Never called: names the body of ``submit`` for the OpenAPI document."""
    return data  # pragma: no cover


class ResponseController(Controller):
    path = "/api/v1/responses"
    tags = ["responses"]

    @post("/", summary="Submit a response (portal key, or a context token in the body); "
                       "409 if the dossier already answered",
          dependencies={"submitted": Provide(_documented_body, sync_to_thread=False)},
          responses={201: ResponseSpec(ResponseCreated,
                                       description="Document created, URL follows")})
    async def submit(self, request: Request[Any, Any, Any]) -> _Created:
        # The busiest route reads its own body: decoded once, strictly, with the
        # checks and errors of forms_service.json_body (Litestar would decode it
        # again, leniently), and answered with bytes encoded here.
        headers = request.headers
        data = decode_json_body(await request.body(), ResponseIn,
                                headers.get("content-type", ""))
        if data is None:  # as Litestar refuses a missing body
            raise ValidationException(extra=[{"key": "data", "message": "'data'",
                                              "source": "body"}])
        if data.locale:
            request.scope.setdefault("state", {})["locale"] = data.locale
        ctx: Context = request.app.state.ctx
        created = await service.submit_answers(
            ctx, headers.get("authorization"),
            service.Submission(
                form=data.form, answers=data.answers, service=data.service,
                dossier=data.dossier, channel=data.channel or "", locale=data.locale or "",
            ),
            token=data.token,
        )
        return _Created(_encode(ResponseCreated(
            id=created["id"], form=created["form"], version=created["version"],
            submitted_at=created["submitted_at"])))

    @get("/", summary="Read a form's responses, oldest first (analyst)")
    async def list(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
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
