from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import (
    ClientException,
    InternalServerException,
    ValidationException,
)
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody, QueryParameter
from litestar.types import Receive, Scope, Send

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.http import request_locale
from forms_service.json_body import decode_json_body
from forms_service.responses import service
from forms_service.responses.schemas import ResponseCreated, ResponseIn, ResponsePage
from forms_service.shortcut import Serve
from forms_service.submissions import submit

__all__ = ["SUBMIT_ROUTE", "ResponseController", "submission_shortcut"]

#: The name of the route ``POST /api/v1/responses`` (the shortcut finds it by it).
SUBMIT_ROUTE = "responses.submit"

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


_WANTED = frozenset({b"content-type", b"content-length", b"authorization"})


def _headers(scope: Scope) -> dict[bytes, str]:
    """The first value of each header of ``_WANTED`` (ASGI names them in lower case),
    read from the scope without building Litestar's header mapping."""
    found: dict[bytes, str] = {}
    for name, value in scope["headers"]:
        if name in _WANTED and name not in found:
            found[name] = value.decode("latin-1")
    return found


async def _read_body(receive: Receive, content_length: str | None, limit: int | None) -> bytes:
    """The request body, with the checks of Litestar's ``Request.body`` (body size
    limit, a client gone before the end) without its chunk generator."""
    try:
        announced = int(content_length) if content_length is not None else None
    except ValueError:
        raise ClientException(f"Invalid content-length: {content_length!r}") from None
    if limit is not None and announced is not None and announced > limit:
        raise RequestEntityTooLarge
    chunks: list[bytes] = []
    size = 0
    while True:
        event = await receive()
        if event["type"] == "http.disconnect":
            raise InternalServerException("client disconnected prematurely")
        if event["type"] != "http.request":
            continue
        chunk = event.get("body", b"")
        if chunk:
            size += len(chunk)
            if limit is not None and size > limit:
                raise RequestEntityTooLarge
            chunks.append(chunk)
        if not event.get("more_body", False):
            break
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def _stored_body(ctx: Context, data: ResponseIn, authorization: str | None) -> bytes:
    """Store one submission of the JSON API: the body of its 201, or an error raised."""
    submission = await service.api_submission(
        ctx, authorization, form=data.form, answers=data.answers, token=data.token,
        service=data.service, dossier=data.dossier, channel=data.channel, locale=data.locale,
    )
    stored = await submit(ctx, submission)
    return _encode(ResponseCreated(id=stored.id, form=stored.form, version=stored.version,
                                   submitted_at=stored.submitted_at))


def submission_shortcut(ctx: Context) -> Serve:
    """What serves ``POST /api/v1/responses`` before the router (see
    :mod:`forms_service.shortcut`): the body read straight from ASGI, decoded
    once, strictly, with the checks and errors of :func:`check_json_body`
    (which it therefore reproduces), and the 201 sent as bytes encoded here."""

    async def serve(scope: Scope, receive: Receive, limit: int | None) -> _Created:
        headers = _headers(scope)
        data = decode_json_body(
            await _read_body(receive, headers.get(b"content-length"), limit),
            ResponseIn, headers.get(b"content-type", ""))
        if data is None:  # as Litestar refuses a missing body
            raise ValidationException(extra=[{"key": "data", "message": "'data'",
                                              "source": "body"}])
        if data.locale:  # the language of an error about it
            scope.setdefault("state", {})["locale"] = data.locale
        return _Created(await _stored_body(ctx, data, headers.get(b"authorization")))

    return serve


class ResponseController(Controller):
    path = "/api/v1/responses"
    tags = ["responses"]

    @post("/", name=SUBMIT_ROUTE,
          summary="Submit a response (portal key, or a context token in the body); "
                  "409 if the dossier already answered",
          # a 201 of a few hundred bytes is never compressed: no gzip stream set up for it
          opt={"skip_compression": True},
          responses={201: ResponseSpec(ResponseCreated,
                                       description="Document created, URL follows")})
    async def submit(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        data: JSONBody[ResponseIn],
    ) -> _Created:
        # served by the shortcut (see create_app); the router serves it only with a
        # trailing slash, or in an app built without the shortcut
        if data.locale:
            request.scope["state"]["locale"] = data.locale
        return _Created(await _stored_body(ctx, data, request.headers.get("authorization")))

    @get("/", summary="Read a form's responses, oldest first (analyst); personal "
                      "identifiers in answers masked unless unmasked=true (audited)")
    async def list(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        principal: NamedDependency[Principal],
        form: Annotated[str, QueryParameter(name="form", min_length=1, max_length=80)],
        since: Annotated[dt.datetime | None, QueryParameter(name="since")] = None,
        until: Annotated[dt.datetime | None, QueryParameter(name="until")] = None,
        after: Annotated[int | None, QueryParameter(
            name="after", ge=0, description="Continue after this response id")] = None,
        limit: Annotated[int, QueryParameter(name="limit", ge=1, le=1000)] = 100,
        unmasked: Annotated[bool, QueryParameter(
            name="unmasked",
            description="Answers without masking personal identifiers (roles that may; "
                        "every read is recorded in the export audit)")] = False,
    ) -> ResponsePage:
        page = await service.list_responses(
            ctx, principal, form=form, since=since, until=until, after=after, limit=limit,
            unmasked=unmasked, locale=request_locale(request),
        )
        return msgspec.convert(page, ResponsePage)
