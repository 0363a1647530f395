"""The public honour list of a year: ``/public/honours/{year}`` and its JSON
twin ``/public/honours/{year}.json``.

Only a published round appears; its honoured services are grouped by
audience (citizens, then businesses) and, within each, by ministries then
provinces in the order of an official letter. Each service shows the
evidence its agency submitted (frozen at submission) and the savings it
declared in figures; no person, no free text, no single answer.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from analytics import format_percent, label
from forms_service.collections.order import short_name, sort_agencies
from forms_service.context import Context
from forms_service.db import json_value, moment_value
from forms_service.errors import NotFound, PhieuError
from forms_service.i18n import N_, translate
from forms_service.public.pages import cached_response, public_locale, render_public

__all__ = ["HonourList", "HonourPages", "honour_list"]

AUDIENCE_LABELS = {"citizen": N_("Services for citizens"),
                   "business": N_("Services for businesses")}
GROUP_LABELS = {"ministry": N_("Ministries and ministry-level agencies"),
                "province": N_("Provinces and centrally-run cities")}


class HonouredService(msgspec.Struct):
    service: str
    name: str
    online_dossiers: int | None
    online_rank: int | None
    satisfaction_rate: float | None
    satisfaction_rate_text: str
    satisfaction_lower_bound: float | None
    satisfaction_verdict: str | None
    satisfaction_verdict_text: str
    answers: int | None
    cost_saving_vnd: int | None
    time_saving_hours: float | None
    time_saving_days: float | None


class HonouredAgency(msgspec.Struct):
    agency: str
    name: str
    services: list[HonouredService]


class HonourGroup(msgspec.Struct):
    group: str
    title: str
    agencies: list[HonouredAgency]


class HonourAudience(msgspec.Struct):
    audience: str
    title: str
    count: int
    groups: list[HonourGroup]


class HonourList(msgspec.Struct):
    year: int
    title: str
    published_at: Any
    locale: str
    count: int
    audiences: list[HonourAudience]


async def honour_list(ctx: Context, year: int, *, locale: str = "vi") -> HonourList:
    """The published honour list of ``year`` (404 when none is published)."""
    rounds = await ctx.db.raw(
        "SELECT n.id, n.collection, n.published_at, c.title FROM nomination_round n "
        "JOIN collection c ON c.id = n.collection WHERE n.year = {} AND n.published = {}",
        year, True)
    if not rounds:
        raise NotFound("No honour list has been published for {year}.", year=year)
    nomination = rounds[0]
    honours = await ctx.db.raw(
        "SELECT h.service, h.audience, a.id AS agency_id, a.code, a.name, a.kind, "
        "r.id AS request FROM nomination_honour h JOIN agency a ON a.id = h.agency "
        "JOIN collection_request r ON r.collection = {} AND r.agency = h.agency "
        "WHERE h.round = {}", nomination["collection"], nomination["id"])
    frozen: dict[int, dict[str, Any]] = {}
    for request in {row["request"] for row in honours}:
        rows = await ctx.db.raw("SELECT details FROM collection_event WHERE request = {} AND "
                                "action = 'submit' ORDER BY id DESC LIMIT 1", request)
        frozen[request] = (json_value(rows[0]["details"]) or {}) if rows else {}
    audiences = []
    for audience in ("citizen", "business"):
        chosen = [row for row in honours if row["audience"] == audience]
        groups = []
        for kind in ("ministry", "province", "other"):
            agencies = []
            members = sort_agencies({row["code"]: row for row in chosen
                                     if (row["kind"] if row["kind"] in GROUP_LABELS
                                         else "other") == kind}.values())
            for agency in members:
                details = frozen[agency["request"]]
                nominated = {n["service"]: n for n in details.get("nominations", [])}
                services = [_service(row["service"], nominated.get(row["service"], {}),
                                     details.get("evidence", {}).get(row["service"], {}),
                                     locale)
                            for row in chosen if row["code"] == agency["code"]]
                services.sort(key=lambda s: (s.online_rank or 10**9, s.service))
                agencies.append(HonouredAgency(agency=agency["code"],
                                               name=short_name(agency["name"], agency["kind"]),
                                               services=services))
            if agencies:
                title = translate(locale, GROUP_LABELS.get(kind, N_("Other agencies")))
                groups.append(HonourGroup(group=kind, title=title, agencies=agencies))
        audiences.append(HonourAudience(audience=audience,
                                        title=translate(locale, AUDIENCE_LABELS[audience]),
                                        count=len(chosen), groups=groups))
    return HonourList(year=year, title=translate(
        locale, "Excellent online public services of {year}", year=year),
        published_at=moment_value(nomination["published_at"]), locale=locale,
        count=len(honours), audiences=audiences)


def _service(code: str, nominated: dict[str, Any], evidence: dict[str, Any],
             locale: str) -> HonouredService:
    satisfaction = evidence.get("satisfaction") or {}
    rate = satisfaction.get("rate")
    verdict = satisfaction.get("verdict")
    return HonouredService(
        service=code, name=str(nominated.get("name") or code),
        online_dossiers=evidence.get("online_dossiers"),
        online_rank=evidence.get("online_rank"),
        satisfaction_rate=rate,
        satisfaction_rate_text="—" if rate is None else format_percent(rate, locale),
        satisfaction_lower_bound=satisfaction.get("lower_bound"),
        satisfaction_verdict=verdict,
        satisfaction_verdict_text=label(verdict, locale) if verdict else "—",
        answers=satisfaction.get("n"),
        cost_saving_vnd=nominated.get("cost_saving_vnd"),
        time_saving_hours=nominated.get("time_saving_hours"),
        time_saving_days=nominated.get("time_saving_days"),
    )


def _year(text: str) -> int:
    if not (len(text) == 4 and text.isdigit()):
        raise NotFound("No honour list has been published for {year}.", year=text[:8])
    return int(text)


class HonourPages(Controller):
    path = "/public/honours"
    include_in_schema = False
    opt = {"public": True}

    @get("/{year:str}")
    async def honours(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                      year: FromPath[str]) -> Response[bytes]:
        as_json = year.endswith(".json")
        text = year[:-5] if as_json else year
        locale = public_locale(request)
        try:
            body = await honour_list(ctx, _year(text), locale=locale)
        except PhieuError as exc:
            if as_json:
                raise
            message = translate(locale, exc.message, **exc.params)
            return render_public(request, "public/error.html", title=message,
                                 message=message, status_code=exc.status)
        if as_json:
            return cached_response(request, msgspec.json.encode(body), "application/json")
        return render_public(request, "public/honours.html", title=body.title, data=body,
                             json_url=f"/public/honours/{body.year}.json")
