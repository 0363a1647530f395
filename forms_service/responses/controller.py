from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Litestar, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import (
    ClientException,
    InternalServerException,
    ValidationException,
)
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
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


async def _submit(ctx: Context, scope: Scope, receive: Receive, limit: int | None) -> bytes:
    """Read, check and store one submission: the body of its 201, or an error raised.

    The busiest route reads its own body: decoded once, strictly, with the
    checks and errors of forms_service.json_body (Litestar would decode it
    again, leniently), and answered with bytes encoded here.
    """
    headers = _headers(scope)
    data = decode_json_body(await _read_body(receive, headers.get(b"content-length"), limit),
                            ResponseIn, headers.get(b"content-type", ""))
    if data is None:  # as Litestar refuses a missing body
        raise ValidationException(extra=[{"key": "data", "message": "'data'",
                                          "source": "body"}])
    if data.locale:  # the language of an error about it
        scope.setdefault("state", {})["locale"] = data.locale
    created = await service.submit_answers(
        ctx, headers.get(b"authorization"),
        service.Submission(
            form=data.form, answers=data.answers, service=data.service,
            dossier=data.dossier, channel=data.channel or "", locale=data.locale or "",
        ),
        token=data.token,
    )
    return _encode(ResponseCreated(
        id=created["id"], form=created["form"], version=created["version"],
        submitted_at=created["submitted_at"]))


SUBMIT_PATH = "/api/v1/responses"
_REFUSED = "phieu.submit_refused"  # scope state: why the direct path refused a submission


async def submit_directly(app: Litestar, scope: Scope, receive: Receive, send: Send) -> bool:
    """Serve ``POST /api/v1/responses`` without Litestar's routing, middleware and
    signature parsing, which took about a quarter of the event loop's time
    per submission.

    Only a stored submission is answered here (201). Anything refused or
    failed is handed to Litestar with its exception, which the route raises
    at once: errors are rendered by the same exception handlers, in the same
    language and format, as on every other route. False if the request is not
    a submission.
    """
    if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != SUBMIT_PATH:
        return False
    ctx: Context = app.state.ctx
    try:
        body = await _submit(ctx, scope, receive, ctx.settings.max_body_bytes)
    except Exception as exc:  # cancellation (BaseException) goes on as it is
        scope.setdefault("state", {})[_REFUSED] = exc
        return False
    await _Created(body)(scope, receive, send)
    return True


def _documented_body(data: ResponseIn) -> ResponseIn:
    """Never called: names the body of ``submit`` for the OpenAPI document."""
    return data  # pragma: no cover


class ResponseController(Controller):
    path = "/api/v1/responses"
    tags = ["responses"]

    @post("/", summary="Submit a response (portal key, or a context token in the body); "
                       "409 if the dossier already answered",
          dependencies={"submitted": Provide(_documented_body, sync_to_thread=False)},
          # a 201 of a few hundred bytes is never compressed: no gzip stream set up for it
          opt={"skip_compression": True},
          responses={201: ResponseSpec(ResponseCreated,
                                       description="Document created, URL follows")})
    async def submit(self, request: Request[Any, Any, Any]) -> _Created:
        # a submission is served by submit_directly; the route raises what it refused,
        # and serves the rest itself (a trailing slash, an app built without it)
        refused = request.scope["state"].pop(_REFUSED, None)
        if refused is not None:
            raise refused
        return _Created(await _submit(
            request.app.state.ctx, request.scope, request.receive,
            request.route_handler.resolve_request_max_body_size()))

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
