"""The workspace pages of webhooks: ``/webhooks`` (the agency's endpoints, a new
one registered with its secret shown once) and ``/webhooks/{id}`` (its
events and free-text flag, its secret rotated, disabled or enabled, its
delivery log with a replay button per delivery).

Plain server-rendered HTML that works without JavaScript: every action is a
POST form (with the session's CSRF token) that goes through the same service
functions as the API. Designers manage their agency's endpoints,
administrators any agency's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from forms_service.accounts.web import SignedIn, render_page
from forms_service.context import Context
from forms_service.errors import InvalidInput, PhieuError
from forms_service.i18n import N_, VIETNAM, translate
from forms_service.webhooks import service
from forms_service.webhooks.events import EVENTS

__all__ = ["WebhookPages"]

STATUS_LABELS = {"queued": N_("queued"), "sending": N_("sending"), "sent": N_("sent"),
                 "failed": N_("refused"), "dead": N_("given up"), "held": N_("held")}
DONE = {"changed": N_("The endpoint was saved."),
        "disabled": N_("The endpoint was disabled: its messages are held."),
        "enabled": N_("The endpoint was enabled: its held messages are being sent."),
        "replayed": N_("The delivery was queued again with the same webhook-id."),
        "deleted": N_("The endpoint was removed.")}
REASONS = {service.DISABLED_BY_PERSON: N_("disabled by a person"),
           "disabled after a long failure streak": N_("disabled after a long failure streak")}
LOG_SIZE = 100


def _local(moment: Any) -> str:
    if moment is None:
        return ""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.fromisoformat(str(moment))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M")


def _text(value: Any, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _events(form: Any) -> list[str]:
    return [name for name in form.getall("events", []) if isinstance(name, str)][:16]


def _view(row: dict[str, Any]) -> dict[str, Any]:
    return row | {"created_at": _local(row["created_at"]),
                  "disabled_at": _local(row.get("disabled_at")),
                  "previous_secret_until": _local(row.get("previous_secret_until")),
                  "reason": REASONS.get(row.get("disabled_reason") or "", "")}


class WebhookPages(Controller):
    path = "/webhooks"
    include_in_schema = False

    async def _list_page(self, request: Request[Any, Any, Any], ctx: Context,
                         signed_in: SignedIn, *, error: str = "", status_code: int = 200,
                         created: dict[str, Any] | None = None,
                         entered: dict[str, Any] | None = None) -> Response[str]:
        rows = await service.list_endpoints(ctx, signed_in.principal)
        done = request.query_params.get("done")
        return render_page(
            request, signed_in, "webhooks/list.html", status_code=status_code,
            title=translate(signed_in.locale, "Webhooks"),
            endpoints=[_view(row) for row in rows], events=EVENTS, error=error,
            created=created, entered=entered or {"events": ["response.created"]},
            needs_agency=signed_in.principal.agency_id is None,
            notice=translate(signed_in.locale, DONE[done]) if done in DONE else "")

    @get("/")
    async def index(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                    signed_in: NamedDependency[SignedIn]) -> Response[str]:
        return await self._list_page(request, ctx, signed_in)

    @post("/", status_code=200)
    async def create(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                     signed_in: NamedDependency[SignedIn]) -> Response[str]:
        form = await request.form()
        entered = {"url": _text(form.get("url"), 4000), "events": _events(form),
                   "free_text": form.get("free_text") == "1",
                   "description": _text(form.get("description"), 255),
                   "agency": _text(form.get("agency"), 40)}
        try:
            row, secret = await service.create_endpoint(
                ctx, signed_in.principal, url=entered["url"], events=entered["events"],
                agency=entered["agency"] or None, free_text=entered["free_text"],
                description=entered["description"])
        except PhieuError as exc:
            if exc.status == 403:
                raise
            return await self._list_page(
                request, ctx, signed_in, status_code=exc.status, entered=entered,
                error=translate(signed_in.locale, exc.message, **exc.params))
        # the secret is in this answer only: never in a URL, never again
        return await self._list_page(request, ctx, signed_in, status_code=201,
                                     created=row | {"secret": secret})

    async def _endpoint_page(self, request: Request[Any, Any, Any], ctx: Context,
                             signed_in: SignedIn, endpoint_id: int, *, error: str = "",
                             status_code: int = 200, secret: str = "") -> Response[str]:
        row = await service.get_endpoint(ctx, signed_in.principal, endpoint_id)
        shown = request.query_params.get("status")
        log = await service.recent_deliveries(
            ctx, signed_in.principal, endpoint_id,
            status=shown if shown in STATUS_LABELS else None, limit=LOG_SIZE)
        log = [d | {"created_at": _local(d["created_at"]), "sent_at": _local(d["sent_at"])}
               for d in log]
        done = request.query_params.get("done")
        return render_page(
            request, signed_in, "webhooks/endpoint.html", status_code=status_code,
            title=translate(signed_in.locale, "Webhook endpoint {id}", id=endpoint_id),
            endpoint=_view(row), events=EVENTS, deliveries=log, status_labels=STATUS_LABELS,
            shown=shown if shown in STATUS_LABELS else "", error=error, secret=secret,
            notice=translate(signed_in.locale, DONE[done]) if done in DONE else "")

    @get("/{endpoint_id:int}")
    async def endpoint(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                       signed_in: NamedDependency[SignedIn],
                       endpoint_id: FromPath[int]) -> Response[str]:
        return await self._endpoint_page(request, ctx, signed_in, endpoint_id)

    @post("/{endpoint_id:int}", status_code=303)
    async def act(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                  signed_in: NamedDependency[SignedIn],
                  endpoint_id: FromPath[int]) -> Response[Any]:
        form = await request.form()
        kind = _text(form.get("kind"), 16)
        principal = signed_in.principal
        try:
            if kind == "change":
                await service.update_endpoint(
                    ctx, principal, endpoint_id, events=_events(form),
                    free_text=form.get("free_text") == "1",
                    description=_text(form.get("description"), 255))
                done = "changed"
            elif kind in ("disable", "enable"):
                await service.update_endpoint(ctx, principal, endpoint_id,
                                              enabled=kind == "enable")
                done = f"{kind}d"
            elif kind == "rotate":
                raw = _text(form.get("grace_hours"), 8)
                if not raw.isdigit():
                    raise InvalidInput("grace_hours must be between 0 and 168.")
                _, secret = await service.rotate_secret(ctx, principal, endpoint_id,
                                                        int(raw))
                return await self._endpoint_page(request, ctx, signed_in, endpoint_id,
                                                 secret=secret)
            elif kind == "replay":
                raw = _text(form.get("delivery"), 12)
                if not raw.isdigit():
                    raise InvalidInput("There is no delivery {id} for this webhook endpoint.",
                                       id=raw[:12] or "?")
                await service.replay(ctx, principal, endpoint_id, int(raw))
                done = "replayed"
            elif kind == "delete":
                await service.delete_endpoint(ctx, principal, endpoint_id)
                return Response(b"", status_code=303,
                                headers={"Location": "/webhooks?done=deleted#main"})
            else:
                raise InvalidInput("action must be one of: {actions}.",
                                   actions="change, disable, enable, rotate, replay, delete")
        except PhieuError as exc:
            if exc.status in (403, 404) and kind != "replay":
                raise
            message = translate(signed_in.locale, exc.message, **exc.params)
            return await self._endpoint_page(request, ctx, signed_in, endpoint_id,
                                             error=message, status_code=exc.status)
        return Response(b"", status_code=303,
                        headers={"Location": f"/webhooks/{endpoint_id}?done={done}#main"})
