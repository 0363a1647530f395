"""The workspace pages of cases: the inbox ``/cases`` and a case ``/cases/{id}``.

Plain server-rendered HTML that works without JavaScript: the filters are a
GET form, every action a POST form (with the session's CSRF token) that
goes through the same service functions as the API and comes back to the
case page.  Designers and analysts of the agency handle cases; the national
office reads them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from forms_service.accounts.web import SignedIn, render_page
from forms_service.cases import handling, queries
from forms_service.cases.states import OUTCOMES, STATES
from forms_service.context import Context
from forms_service.errors import InvalidInput, PhieuError
from forms_service.i18n import N_, VIETNAM, translate
from forms_service.roles import ROLES

__all__ = ["CasePages"]

STATE_LABELS = {"new": N_("new"), "acknowledged": N_("acknowledged"),
                "assigned": N_("assigned"), "responded": N_("responded"),
                "closed": N_("closed")}
OUTCOME_LABELS = {"resolved": N_("resolved"), "not_resolvable": N_("not resolvable"),
                  "duplicate": N_("duplicate")}
REASON_LABELS = {"not_satisfied": N_("not satisfied"), "choice": N_("chosen answer"),
                 "phrase": N_("phrase in a comment")}
DONE = {"transition": N_("The case was updated."), "note": N_("The note was added.")}
FOLLOW_UP_LABELS = {"solved": N_("solved"), "partly": N_("partly solved"),
                    "not_solved": N_("not solved")}
DELIVERY_LABELS = {"recorded": N_("recorded only (no contact)"), "queued": N_("queued"),
                   "sent": N_("sent"), "failed": N_("failed")}
CHANNEL_LABELS = {"email": N_("e-mail"), "sms": N_("SMS"), "zalo": N_("Zalo")}
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
_FILTERS = ("state", "overdue", "unit", "service", "officer", "period")


def _text(value: Any, limit: int = 80) -> str | None:
    return value.strip()[:limit] or None if isinstance(value, str) else None


def _local(moment: Any) -> str:
    """A stored time as a person reads it: Vietnam time, to the minute."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.fromisoformat(str(moment))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M")


class CasePages(Controller):
    path = "/cases"
    include_in_schema = False

    @get("/")
    async def inbox(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                    signed_in: NamedDependency[SignedIn]) -> Response[str]:
        params = request.query_params
        chosen = {name: _text(params.get(name), 64) for name in _FILTERS}
        overdue = {"yes": True, "no": False}.get(chosen["overdue"] or "")
        before = params.get("before")
        error, page = "", {"items": [], "counts": {}, "next_before": None}
        try:
            page = await queries.list_cases(
                ctx, signed_in.principal, agency=_text(params.get("agency"), 40),
                state=chosen["state"], overdue_only=overdue, unit=chosen["unit"],
                service=chosen["service"], officer=chosen["officer"], period=chosen["period"],
                before=int(before) if before and before.isdigit() else None, limit=50)
        except PhieuError as exc:
            if exc.status == 403:
                raise
            error = translate(signed_in.locale, exc.message, **exc.params)
        query = {k: v for k, v in chosen.items() if v}
        more = (f"/cases?{urlencode({**query, 'before': page['next_before']})}"
                if page["next_before"] else "")
        return render_page(
            request, signed_in, "cases/inbox.html",
            title=translate(signed_in.locale, "Cases"), status_code=400 if error else 200,
            cases=page["items"], counts=page["counts"], chosen=chosen, error=error,
            states=[(s, STATE_LABELS[s]) for s in STATES], state_labels=STATE_LABELS,
            reason_labels=REASON_LABELS, follow_up_labels=FOLLOW_UP_LABELS, more=more)

    async def _case_page(self, request: Request[Any, Any, Any], ctx: Context,
                         signed_in: SignedIn, case_id: int, *, error: str = "",
                         status_code: int = 200) -> Response[str]:
        principal = signed_in.principal
        unmasked = (request.query_params.get("unmasked") == "1"
                    and ROLES[principal.role].reads_unmasked)
        case = await queries.case_detail(ctx, principal, case_id, unmasked=unmasked,
                                         locale=signed_in.locale)
        case["opened_at"] = _local(case["opened_at"])
        for item in (*case["transitions"], *case["notes"], *case["dossier_timeline"],
                     *case["replies"]):
            item["at"] = _local(item["at"])
        for reply in case["replies"]:
            if reply["answered_at"] is not None:
                reply["answered_at"] = _local(reply["answered_at"])
        units = await ctx.db.raw("SELECT u.code, u.name FROM unit u JOIN feedback_case c "
                                 "ON c.agency = u.agency WHERE c.id = {} AND u.active "
                                 "ORDER BY u.code", case_id)
        done = request.query_params.get("done")
        return render_page(
            request, signed_in, "cases/case.html", status_code=status_code,
            title=translate(signed_in.locale, "Case {id}", id=case_id), case=case,
            units=units, outcomes=[(o, OUTCOME_LABELS[o]) for o in OUTCOMES],
            state_labels=STATE_LABELS, outcome_labels=OUTCOME_LABELS,
            reason_labels=REASON_LABELS, error=error, unmasked=unmasked,
            follow_up_labels=FOLLOW_UP_LABELS, delivery_labels=DELIVERY_LABELS,
            channel_labels=CHANNEL_LABELS, language_names=LANGUAGE_NAMES,
            may_unmask=ROLES[principal.role].reads_unmasked and not unmasked,
            may_change=not principal.is_national or principal.is_admin,
            notice=translate(signed_in.locale, DONE[done]) if done in DONE else "")

    @get("/{case_id:int}")
    async def case(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                   signed_in: NamedDependency[SignedIn], case_id: FromPath[int]) -> Response[str]:
        return await self._case_page(request, ctx, signed_in, case_id)

    @post("/{case_id:int}", status_code=303)
    async def act(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                  signed_in: NamedDependency[SignedIn], case_id: FromPath[int]) -> Response[Any]:
        form = await request.form()
        kind = _text(form.get("kind"), 16)
        try:
            if kind == "note":
                await handling.add_note(ctx, signed_in.principal, case_id,
                                        {"text": form.get("text") or ""})
            elif kind == "transition":
                body: dict[str, Any] = {"action": _text(form.get("action"), 16)}
                for name in ("outcome", "unit", "note", "reply"):
                    value = _text(form.get(name), 4000)
                    if value:
                        body[name] = value
                await handling.transition(ctx, signed_in.principal, case_id, body,
                                          locale=signed_in.locale)
            else:
                raise InvalidInput("action must be one of: {actions}.",
                                   actions="transition, note")
        except PhieuError as exc:
            if exc.status in (403, 404):
                raise
            message = translate(signed_in.locale, exc.message, **exc.params)
            return await self._case_page(request, ctx, signed_in, case_id, error=message,
                                         status_code=exc.status)
        return Response(b"", status_code=303,
                        headers={"Location": f"/cases/{case_id}?done={kind}#main"})
