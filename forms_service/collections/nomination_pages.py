"""The workspace pages of nomination rounds: ``/nominations/{id}``.

An agency's designers and analysts see their candidates with the excellence
report's evidence, tick up to five services for citizens and five for
businesses, add their savings, save and submit. The national office sees
every sent nomination side by side, filters and sorts them, checks the
frozen evidence against the current figures, reviews each agency's
nominations, honours services and publishes the honour list. Plain HTML
forms (no script), through the same service functions as the API.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from analytics import format_number, format_percent, label
from forms_service.accounts.web import SignedIn, render_page
from forms_service.collections import nomination_office, nominations, replies
from forms_service.collections.access import is_office, load_collection
from forms_service.collections.pages import ACTION_LABELS, _when
from forms_service.collections.service import collection_status
from forms_service.collections.states import STATE_LABELS, STEPS
from forms_service.context import Context
from forms_service.errors import N_, Forbidden, InvalidInput, PhieuError
from forms_service.i18n import translate

__all__ = ["NominationPages"]

DONE = {
    "made": N_("The nomination round was made: the asked agencies see it in their workspace."),
    "draft": N_("The draft was saved."),
    "submit": N_("The nominations were submitted to the national office."),
    "accept": N_("The nominations were accepted."),
    "request_changes": N_("The agency was asked for changes."),
    "honour": N_("The service is honoured."),
    "unhonour": N_("The honour was withdrawn."),
    "publish": N_("The honour list is published."),
    "unpublish": N_("The honour list was withdrawn from the public pages."),
}
SORT_LABELS = {
    "online_dossiers": N_("Online dossiers"), "online_rank": N_("Rank by online dossiers"),
    "satisfaction": N_("Satisfaction"), "lower_bound": N_("Lower confidence bound"),
    "cost_saving": N_("Cost saving (VND)"), "time_saving": N_("Time saving"),
}
ROUND_LABELS = {"honour": N_("Honoured"), "unhonour": N_("Honour withdrawn"),
                "publish": N_("Published"), "unpublish": N_("Withdrawn from the public pages")}
AUDIENCE_WORDS = {"citizen": N_("Citizens"), "business": N_("Businesses")}
FIELD_LABELS = {
    "online_dossiers": N_("Online dossiers"), "total_dossiers": N_("Total dossiers"),
    "online_rank": N_("Rank by online dossiers"), "satisfaction.n": N_("Answers"),
    "satisfaction.satisfied": N_("Satisfied"), "satisfaction.rate": N_("Satisfaction"),
    "satisfaction.lower_bound": N_("Lower confidence bound"),
    "satisfaction.verdict": N_("Verdict"), "savings.cost_saving_vnd": N_("Cost saving (VND)"),
    "savings.time_saving_hours": N_("Time saving (hours)"), "service": N_("Service"),
}


def _figures(evidence: dict[str, Any], locale: str) -> dict[str, str]:
    """The evidence as people read it."""
    satisfaction = evidence.get("satisfaction") or {}
    rate, low = satisfaction.get("rate"), satisfaction.get("lower_bound")
    verdict = satisfaction.get("verdict")
    savings = evidence.get("savings") or {}
    return {
        "online": format_number(evidence.get("online_dossiers") or 0, locale),
        "total": format_number(evidence.get("total_dossiers") or 0, locale),
        "rank": str(evidence.get("online_rank") or "—"),
        "rate": "—" if rate is None else format_percent(rate, locale),
        "low": "—" if low is None else format_percent(low, locale),
        "answers": format_number(satisfaction.get("n") or 0, locale),
        "verdict": label(verdict, locale) if verdict else "—",
        "verdict_code": verdict or "",
        "recorded_cost": ("—" if not savings.get("cost_saving_vnd")
                          else format_number(savings["cost_saving_vnd"], locale)),
        "recorded_hours": ("—" if not savings.get("time_saving_hours")
                           else format_number(savings["time_saving_hours"], locale, digits=1)),
        "recorded_note": savings.get("note") or "",
    }


def _value(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _numbers(text: str, whole: bool) -> int | float | str | None:
    """A typed figure: a number when it reads as one, else the text (refused later)."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    # 12.500 or 12,500 đồng; 1,5 or 1.5 days
    cleaned = cleaned.replace(".", "").replace(",", "") if whole else cleaned.replace(",", ".")
    try:
        return int(cleaned) if whole else float(cleaned)
    except ValueError:
        return text[:40]


class NominationPages(Controller):
    path = "/nominations"
    include_in_schema = False

    @get("/{collection_id:int}")
    async def office(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                     signed_in: NamedDependency[SignedIn],
                     collection_id: FromPath[int]) -> Response[Any]:
        principal = signed_in.principal
        if not is_office(principal):  # an agency goes to its own nominations
            await load_collection(ctx.db, principal, collection_id)
            return Response(b"", status_code=303, headers={
                "Location": f"/nominations/{collection_id}/{principal.agency_code}"})
        return await self._office_page(request, ctx, signed_in, collection_id)

    async def _office_page(self, request: Request[Any, Any, Any], ctx: Context,
                           signed_in: SignedIn, collection_id: int, *, error: str = "",
                           status_code: int = 200) -> Response[Any]:
        principal = signed_in.principal
        locale = signed_in.locale
        params = request.query_params

        def choice(name: str, allowed: tuple[str, ...]) -> str | None:
            value = params.get(name)
            return value if value in allowed else None

        filters = {
            "audience": choice("audience", nominations.AUDIENCES),
            "group": choice("group", tuple(nominations.GROUPS)),
            "verdict": choice("verdict", nominations.VERDICTS),
            "sort": choice("sort", nomination_office.SORTS),
            "order": choice("order", ("asc", "desc")) or "desc",
        }
        check = params.get("check") == "1"
        round_ = await nominations.read_round(ctx, principal, collection_id)
        status = await nomination_office.side_by_side(ctx, principal, collection_id, check=check,
                                                **filters)
        for row in status["items"]:
            row["figures"] = _figures(row["evidence"], locale)
            row["cost_text"] = ("—" if row["cost_saving_vnd"] is None
                                else format_number(row["cost_saving_vnd"], locale))
            parts = []
            if row["time_saving_hours"] is not None:
                parts.append(translate(locale, "{hours} hours", hours=format_number(
                    row["time_saving_hours"], locale, digits=1)))
            if row["time_saving_days"] is not None:
                parts.append(translate(locale, "{days} days", days=format_number(
                    row["time_saving_days"], locale, digits=1)))
            row["time_text"] = "; ".join(parts) or "—"
            row["audience_text"] = translate(locale, AUDIENCE_WORDS[row["audience"]])
            for item in row["differences"] or []:
                item["label"] = translate(locale, FIELD_LABELS.get(item["field"], item["field"]))
                item["frozen_text"] = _value(item["frozen"])
                item["current_text"] = _value(item["current"])
        tracking = await collection_status(ctx, principal, collection_id)
        actors = await replies._actors(ctx, {step["by"] for step in round_["history"]})
        for step in round_["history"]:
            step["at_text"] = _when(step["at"])
            step["by"] = actors[step["by"]]
            step["label"] = ROUND_LABELS[step["action"]]
        query = urlencode([(k, v) for k, v in params.multi_items() if k != "done"])
        done = request.query_params.get("done")
        return render_page(
            request, signed_in, "collections/nomination_round.html", status_code=status_code,
            title=round_["title"], round=round_, status=status, tracking=tracking,
            filters=filters, check=check, deadline_text=_when(round_["deadline"]),
            published_text=_when(round_["published_at"]), state_labels=STATE_LABELS,
            sort_labels=SORT_LABELS, verdicts=nominations.VERDICTS,
            verdict_label=lambda v: label(v, locale), error=error,
            audience_words=AUDIENCE_WORDS, request_query=query,
            notice=translate(locale, DONE[done]) if done in DONE else "")

    @post("/{collection_id:int}", status_code=303)
    async def office_act(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                         signed_in: NamedDependency[SignedIn],
                         collection_id: FromPath[int]) -> Response[Any]:
        principal = signed_in.principal
        form = await request.form()
        action = str(form.get("action") or "")[:20]
        back = str(form.get("back") or "")
        back = back if back.startswith("?") and "\n" not in back else ""
        try:
            if action in ("honour", "unhonour"):
                await nomination_office.mark_honour(
                    ctx, principal, collection_id, str(form.get("agency") or "")[:40],
                    str(form.get("service") or "")[:64], action == "honour")
            elif action in ("publish", "unpublish"):
                await nomination_office.publish(ctx, principal, collection_id, action == "publish")
            else:
                raise InvalidInput("action must be one of: honour, unhonour, publish, "
                                   "unpublish.")
        except Forbidden:
            raise
        except PhieuError as exc:
            if exc.status == 404:
                raise
            message = translate(signed_in.locale, exc.message, **exc.params)
            return await self._office_page(request, ctx, signed_in, collection_id,
                                           error=message, status_code=exc.status)
        query = back + ("&" if back else "?") + f"done={action}"
        return Response(b"", status_code=303, headers={
            "Location": f"/nominations/{collection_id}{query}"})

    async def _agency_page(self, request: Request[Any, Any, Any], ctx: Context,
                           signed_in: SignedIn, collection_id: int, agency: str, *,
                           error: str = "", typed: dict[str, dict[str, Any]] | None = None,
                           status_code: int = 200) -> Response[Any]:
        principal = signed_in.principal
        locale = signed_in.locale
        round_ = await nominations.read_round(ctx, principal, collection_id)
        body = await nominations.read_nomination(ctx, principal, collection_id, agency)
        office = is_office(principal)
        editable = (not office and principal.agency_code == body["agency"]
                    and body["state"] in STEPS["draft"].starts)
        chosen = {n["service"]: n for n in body["nominations"]}
        if typed is not None:
            chosen = typed
        groups: dict[str, list[dict[str, Any]]] = {"citizen": [], "business": []}
        other = []
        for candidate in body["candidates"]:
            candidate["figures"] = _figures(candidate["evidence"], locale)
            saved = chosen.get(candidate["service"])
            candidate["picked"] = saved is not None
            candidate["saved"] = {key: "" if (saved or {}).get(key) is None
                                  else _value(saved[key])
                                  for key in ("cost_saving_vnd", "time_saving_hours",
                                              "time_saving_days", "note")}
            if candidate["delivery"] != "full_online":
                other.append(candidate)
            else:
                groups.setdefault(candidate["audience"], []).append(candidate)
        frozen_rows = []
        if body["frozen"]:
            for item in body["frozen"]["nominations"]:
                frozen_rows.append(item | {
                    "figures": _figures(body["frozen"]["evidence"].get(item["service"], {}),
                                        locale),
                    "audience_text": translate(locale, AUDIENCE_WORDS[item["audience"]]),
                    "honoured": item["service"] in body["honoured"]})
        for step in body["history"]:
            step["at_text"] = _when(step["at"])
            step["label"] = ACTION_LABELS.get(step["action"], step["action"])
        done = request.query_params.get("done")
        return render_page(
            request, signed_in, "collections/nomination.html", status_code=status_code,
            title=f"{round_['title']} · {body['name']}", round=round_, reply=body,
            groups=groups, other=other, frozen_rows=frozen_rows,
            frozen_text=_when(body["frozen"]["at"]) if body["frozen"] else "",
            deadline_text=_when(round_["deadline"]), office=office, editable=editable,
            reviewable=office and body["state"] in STEPS["accept"].starts,
            state_labels=STATE_LABELS, audience_words=AUDIENCE_WORDS, error=error,
            notice=translate(locale, DONE[done]) if done in DONE else "")

    @get("/{collection_id:int}/{agency:str}")
    async def agency(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                     signed_in: NamedDependency[SignedIn], collection_id: FromPath[int],
                     agency: FromPath[str]) -> Response[Any]:
        return await self._agency_page(request, ctx, signed_in, collection_id, agency[:40])

    @post("/{collection_id:int}/{agency:str}", status_code=303)
    async def agency_act(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                         signed_in: NamedDependency[SignedIn], collection_id: FromPath[int],
                         agency: FromPath[str]) -> Response[Any]:
        principal = signed_in.principal
        agency = agency[:40]
        form = await request.form()
        action = str(form.get("action") or "")[:20]
        typed: dict[str, dict[str, Any]] | None = None
        try:
            if action in ("draft", "submit"):
                picked = [v[:64] for v in form.getall("pick") if isinstance(v, str)][:40]
                items = []
                for code in picked:
                    def field(name: str, code: str = code) -> str:
                        value = form.get(f"{name}:{code}")
                        return value if isinstance(value, str) else ""
                    items.append({
                        "service": code,
                        "cost_saving_vnd": _numbers(field("cost"), True),
                        "time_saving_hours": _numbers(field("hours"), False),
                        "time_saving_days": _numbers(field("days"), False),
                        "note": field("note")[:2100] or None})
                typed = {item["service"]: item for item in items}
                revision_text = str(form.get("revision") or "")
                revision = int(revision_text) if revision_text.isdigit() else None
                await nominations.save_nominations(ctx, principal, collection_id, agency,
                                                   items, revision)
                if action == "submit":
                    await nominations.submit_nominations(ctx, principal, collection_id, agency)
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
            message = translate(signed_in.locale, exc.message, **exc.params)
            return await self._agency_page(request, ctx, signed_in, collection_id, agency,
                                           error=message, typed=typed,
                                           status_code=exc.status)
        return Response(b"", status_code=303, headers={
            "Location": f"/nominations/{collection_id}/{agency}?done={action}"})
