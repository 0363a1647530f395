"""The workspace pages of collections: ``/collections``.

The national office sees every collection and tracks each one (every asked
agency's state, the sentence naming those that have not sent) and reviews
replies; an agency's designers and analysts see the requests that ask their
agency and fill, save and submit its reply in the questionnaire's own form.
The office makes a collection at ``/collections/new``: every field checked
at once, each problem shown beside its field.
Plain HTML forms (no script), through the same service functions as the API.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from embed import answer_values, render_fields
from forms_service.accounts.web import SignedIn, render_page
from forms_service.collections import replies, service
from forms_service.collections.access import is_office, load_collection, require_office
from forms_service.collections.creation import (
    KINDS,
    SCOPE_LABELS,
    Posted,
    check_posted,
    posted_values,
)
from forms_service.collections.order import sort_agencies
from forms_service.collections.replies import questions_of
from forms_service.collections.states import STATE_LABELS, STEPS
from forms_service.context import Context
from forms_service.db import json_value
from forms_service.errors import N_, AnswersRejected, Forbidden, InvalidInput, PhieuError
from forms_service.i18n import VIETNAM, translate

__all__ = ["CollectionPages"]

DONE = {
    "draft": N_("The draft was saved."),
    "submit": N_("The reply was submitted to the national office."),
    "accept": N_("The reply was accepted."),
    "request_changes": N_("The agency was asked for changes."),
}
MADE = N_("The collection was made: the asked agencies see it in their workspace.")
KIND_GROUPS = (("ministry", N_("Ministries")), ("province", N_("Provinces")),
               ("other", N_("Other agencies")))
NEW_DEFAULTS = {"kind": "form", "form": "agency-communication", "scope": "all",
                "deadline_time": "", "before_days": "7, 2", "after_every_days": "7"}
ACTION_LABELS = {
    "draft": N_("Draft saved"), "submit": N_("Submitted"), "accept": N_("Accepted"),
    "request_changes": N_("Changes requested"), "remind": N_("Reminder sent"),
}


def _when(moment: Any) -> str:
    return moment.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y") if moment else ""


def _answer_text(question: Any, value: Any, locale: str) -> str:
    values = value if isinstance(value, list) else [value]
    if question.choices:
        return "; ".join(question.choice_label(v, locale) for v in values)
    return "; ".join(str(v) for v in values)


class CollectionPages(Controller):
    path = "/collections"
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                    signed_in: NamedDependency[SignedIn]) -> Response[str]:
        principal = signed_in.principal
        items = await service.list_collections(ctx, principal)
        for item in items:
            item["deadline_text"] = _when(item["deadline"])
            item["own_state"] = next((s for s, n in item["states"].items() if n), "")
        locale = signed_in.locale
        return render_page(request, signed_in, "collections/index.html",
                           title=translate(locale, "Collections"), items=items,
                           office=is_office(principal), state_labels=STATE_LABELS)

    async def _new_page(self, request: Request[Any, Any, Any], ctx: Context,
                        signed_in: SignedIn, posted: Posted | None = None, *,
                        status_code: int = 200) -> Response[str]:
        locale = signed_in.locale
        forms = []
        for row in await ctx.db.raw(
                "SELECT f.slug, v.id, v.definition, a.name FROM form f JOIN form_version v "
                "ON v.form = f.id AND v.number = f.latest_version JOIN agency a "
                "ON a.id = f.agency WHERE f.status = 'published' ORDER BY f.slug"):
            compiled = ctx.forms.cached(int(row["id"])) or ctx.forms.get(
                int(row["id"]), json_value(row["definition"]))
            forms.append({"slug": row["slug"], "title": compiled.title(locale),
                          "agency": row["name"]})
        agencies = sort_agencies(await ctx.db.raw("SELECT code, name, kind FROM agency"))
        groups = [(label, [a for a in agencies if (a["kind"] if a["kind"] in (
            "ministry", "province") else "other") == kind])
            for kind, label in KIND_GROUPS]
        errors = posted.errors if posted else {}
        return render_page(
            request, signed_in, "collections/new.html", status_code=status_code,
            title=translate(locale, "New collection"),
            values=posted.values if posted else NEW_DEFAULTS,
            ticked=set(posted.agencies) if posted else set(), errors=errors,
            kinds=[(name, kind.label) for name, kind in KINDS.items()],
            scopes=list(SCOPE_LABELS.items()), forms=forms,
            groups=[(label, items) for label, items in groups if items])

    @get("/new")
    async def new(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                  signed_in: NamedDependency[SignedIn]) -> Response[str]:
        require_office(signed_in.principal)
        return await self._new_page(request, ctx, signed_in)

    @post("/new", status_code=303)
    async def create(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                     signed_in: NamedDependency[SignedIn]) -> Response[Any]:
        principal = signed_in.principal
        require_office(principal)
        locale = signed_in.locale
        posted = posted_values(await request.form())
        await check_posted(ctx, posted, locale)
        if not posted.errors:
            try:
                made = await service.create_collection(ctx, principal, posted.body)
            except PhieuError as exc:
                if exc.status in (403, 404):
                    raise
                posted.problem("", translate(locale, exc.message, **exc.params))
            else:
                return Response(b"", status_code=303, headers={
                    "Location": f"/collections/{made['id']}?done=made"})
        return await self._new_page(request, ctx, signed_in, posted, status_code=400)

    @get("/{collection_id:int}")
    async def track(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                    signed_in: NamedDependency[SignedIn],
                    collection_id: FromPath[int]) -> Response[Any]:
        principal = signed_in.principal
        if not is_office(principal):  # an agency goes to its own reply
            await load_collection(ctx.db, principal, collection_id)
            return Response(b"", status_code=303, headers={
                "Location": f"/collections/{collection_id}/replies/{principal.agency_code}"})
        collection = await service.read_collection(ctx, principal, collection_id)
        status = await service.collection_status(ctx, principal, collection_id)
        for item in status["agencies"]:
            item["submitted_text"] = _when(item["submitted_at"])
        locale = signed_in.locale
        return render_page(request, signed_in, "collections/track.html",
                           title=collection["title"], collection=collection, status=status,
                           deadline_text=_when(collection["deadline"]),
                           state_labels=STATE_LABELS, locale_name=locale,
                           notice=translate(locale, MADE)
                           if request.query_params.get("done") == "made" else "")

    async def _reply_page(self, request: Request[Any, Any, Any], ctx: Context,
                          signed_in: SignedIn, collection_id: int, agency: str, *,
                          error: str = "", issues: list[dict[str, Any]] | None = None,
                          typed: dict[str, list[str]] | None = None,
                          status_code: int = 200) -> Response[str]:
        principal = signed_in.principal
        locale = signed_in.locale
        collection = await service.read_collection(ctx, principal, collection_id)
        reply = await replies.read_reply(ctx, principal, collection_id, agency)
        compiled = await questions_of(ctx, principal, collection_id)
        office = is_office(principal)
        editable = (not office and principal.agency_code == reply["agency"]
                    and reply["state"] in STEPS["draft"].starts)
        fields = render_fields(compiled, locale, values=typed if typed is not None
                               else answer_values(reply["answers"]), issues=issues or ())
        answered = [(q.title(locale), _answer_text(q, reply["answers"][q.name], locale))
                    for q in compiled.questions if q.name in reply["answers"]]
        for step in reply["history"]:
            step["at_text"] = _when(step["at"])
            step["label"] = ACTION_LABELS.get(step["action"], step["action"])
        done = request.query_params.get("done")
        return render_page(
            request, signed_in, "collections/reply.html", status_code=status_code,
            title=f"{collection['title']} · {reply['name']}", collection=collection,
            reply=reply, deadline_text=_when(collection["deadline"]),
            submitted_text=_when(reply["submitted_at"]), office=office, editable=editable,
            reviewable=office and reply["state"] in STEPS["accept"].starts,
            fields=fields, answered=answered, state_labels=STATE_LABELS, error=error,
            notice=translate(locale, DONE[done]) if done in DONE else "",
        )

    @get("/{collection_id:int}/replies/{agency:str}")
    async def reply(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                    signed_in: NamedDependency[SignedIn], collection_id: FromPath[int],
                    agency: FromPath[str]) -> Response[str]:
        return await self._reply_page(request, ctx, signed_in, collection_id, agency[:40])

    @post("/{collection_id:int}/replies/{agency:str}", status_code=303)
    async def act(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                  signed_in: NamedDependency[SignedIn], collection_id: FromPath[int],
                  agency: FromPath[str]) -> Response[Any]:
        principal = signed_in.principal
        agency = agency[:40]
        form = await request.form()
        action = str(form.get("action") or "")[:20]
        typed: dict[str, list[str]] | None = None
        try:
            if action in ("draft", "submit"):
                compiled = await questions_of(ctx, principal, collection_id)
                typed = {name: [v for v in form.getall(name) if isinstance(v, str)]
                         for name in form if name not in ("csrf_token", "action", "revision")}
                revision_text = str(form.get("revision") or "")
                revision = int(revision_text) if revision_text.isdigit() else None
                await replies.save_draft(ctx, principal, collection_id, agency,
                                         compiled.coerce_form(typed), revision)
                if action == "submit":
                    await replies.take_step(ctx, principal, collection_id, agency, "submit",
                                            locale=signed_in.locale)
            elif action in ("accept", "request_changes"):
                comment = form.get("comment")
                await replies.take_step(ctx, principal, collection_id, agency, action,
                                        comment if isinstance(comment, str) else None)
            else:
                raise InvalidInput("action must be one of: submit, accept, request_changes.")
        except Forbidden:
            raise
        except PhieuError as exc:
            if exc.status == 404:
                raise
            issues = exc.details if isinstance(exc, AnswersRejected) else None
            message = translate(signed_in.locale, exc.message, **exc.params)
            return await self._reply_page(request, ctx, signed_in, collection_id, agency,
                                          error=message, issues=issues, typed=typed,
                                          status_code=exc.status)
        return Response(b"", status_code=303, headers={
            "Location": f"/collections/{collection_id}/replies/{agency}?done={action}"})
