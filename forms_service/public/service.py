"""The public results: what an agency that opted in shows to everyone.

The numbers come from the same report functions as the analytics API,
called as the agency's own analyst would; groups with fewer answers (or
dossiers) than ``Settings.public_min_answers`` lose their numbers here,
before anything is rendered, and so do the groups that would let a reader
recompute a hidden one from what is shown (:mod:`.suppression`).
"""

from __future__ import annotations

from typing import Any

from forms_service.agencies.tables import Agency
from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.errors import NotFound
from forms_service.i18n import negotiate
from forms_service.public.forms import published_forms
from forms_service.public.schemas import (
    PublicAgencyOut,
    PublicIndexOut,
    PublicListedAgencyOut,
    PublicOnlineRowOut,
    PublicRankingsOut,
    PublicSatisfactionRowOut,
    PublicUnitRowOut,
)
from forms_service.public.suppression import ALL_TIME, hidden_cells
from forms_service.reports import online, rankings, satisfaction, unit_satisfaction
from forms_service.reports.params import check_locale, check_period

__all__ = ["agency_results", "public_index", "ranking_results"]

THRESHOLD = 0.9
TARGET = 0.5
CONFIDENCE = 0.95
# the published evaluations are open to everyone: read them as the national office
NATIONAL = Principal(key_id="public", role=Role.ANALYST, agency_id=None, agency_code=None)


def _as_bool(value: Any) -> bool:
    return bool(value) and value not in ("0", "f", "false")


async def published_agency(code: str) -> dict[str, Any]:
    """The agency ``code`` if it publishes its results; 404 otherwise (unknown or not opted in)."""
    row = await Agency.select().where(Agency.code == code).first().run()
    if row is None or not _as_bool(row.get("publish_results")):
        raise NotFound("{code} does not publish its results here.", code=code[:40])
    return row


async def public_index(ctx: Context, *, locale: str) -> PublicIndexOut:
    rows = await Agency.select(Agency.code, Agency.name, Agency.kind).where(
        Agency.publish_results == True  # noqa: E712 (a Piccolo expression)
    ).order_by(Agency.kind).order_by(Agency.name).run()
    periods = await ctx.db.raw(
        "SELECT DISTINCT period FROM quality_score ORDER BY period DESC")
    return PublicIndexOut(
        locale=locale,
        agencies=[PublicListedAgencyOut(agency=r["code"], name=r["name"], kind=r["kind"],
                                        url=f"/public/{r['code']}") for r in rows],
        ranking_periods=[str(r["period"]) for r in periods],
        honour_years=[int(r["year"]) for r in await ctx.db.raw(
            "SELECT year FROM nomination_round WHERE published = {} ORDER BY year DESC", True)],
    )


async def agency_results(
    ctx: Context, code: str, *, period: str | None, locale: str
) -> PublicAgencyOut:
    """Satisfaction per service and online share per quarter, small groups suppressed."""
    lang = negotiate(check_locale(locale))
    chosen = check_period(period)
    row = await published_agency(code)
    own = Principal(key_id="public", role=Role.ANALYST, agency_id=row["id"],
                    agency_code=row["code"])
    minimum = ctx.settings.public_min_answers
    report = await satisfaction.satisfaction_report(
        ctx, own, group_by="service", agency=row["code"], period=str(chosen) if chosen else None,
        threshold=THRESHOLD, confidence_level=CONFIDENCE, locale=lang,
    )
    hidden = await hidden_cells(ctx, row["id"], minimum)
    cell = str(chosen) if chosen else ALL_TIME
    rows = []
    for item in report.rows:  # in the report's order: by rank
        shown = item.n >= minimum and (item.service or "", cell) not in hidden
        rows.append(PublicSatisfactionRowOut(
            service=item.service or "", name=item.service_name or item.label,
            suppressed=not shown,
            **({
                "n": item.n, "satisfied": item.satisfied, "rate": item.rate,
                "ci_low": item.ci_low, "ci_high": item.ci_high, "verdict": item.verdict,
                "rate_text": item.rate_text, "ci_text": item.ci_text,
                "verdict_text": item.verdict_text,
            } if shown else {}),
        ))
    dossiers = await online.online_rate_report(
        ctx, own, agency=row["code"], period=str(chosen) if chosen else None,
        interval="quarter", group_by="agency", target=TARGET, confidence_level=CONFIDENCE,
        locale=lang,
    )
    online_rows = []
    for item in dossiers.rows:
        shown = item.total >= minimum
        online_rows.append(PublicOnlineRowOut(
            period=item.period, suppressed=not shown, target=item.target,
            **({
                "total": item.total, "online": item.online, "online_share": item.online_share,
                "online_ci_low": item.online_ci_low, "online_ci_high": item.online_ci_high,
                "gap_points": item.gap_points, "meets_target": item.meets_target,
                "online_share_text": item.online_share_text,
                "online_ci_text": item.online_ci_text, "gap_points_text": item.gap_points_text,
            } if shown else {}),
        ))
    online_rows.sort(key=lambda r: r.period)
    # units only: officer figures never leave the agency
    served = await unit_satisfaction.unit_satisfaction_report(
        ctx, own, group_by="unit", agency=row["code"], period=str(chosen) if chosen else None,
        confidence_level=CONFIDENCE, locale=lang)
    units = [PublicUnitRowOut(
        unit=item.key.rpartition("/")[2], name=item.label, suppressed=item.n < minimum,
        **({"n": item.n, "satisfied": item.satisfied, "rate": item.rate,
            "ci_low": item.ci_low, "ci_high": item.ci_high, "rate_text": item.rate_text,
            "ci_text": item.ci_text} if item.n >= minimum else {}),
    ) for item in sorted(served.rows, key=lambda r: r.label)]
    return PublicAgencyOut(
        agency=row["code"], name=row["name"], kind=row["kind"],
        period=str(chosen) if chosen else None, locale=lang, min_answers=minimum,
        threshold=THRESHOLD, confidence_level=CONFIDENCE, target=TARGET,
        satisfaction=rows, online_rate=online_rows, units=units,
        forms=await published_forms(ctx, own, row["id"],
                                    period=str(chosen) if chosen else None, lang=lang),
    )


async def ranking_results(ctx: Context, period: str, *, locale: str) -> PublicRankingsOut:
    """The imported (published) quality rankings of ``period``; 404 when there are none."""
    lang = negotiate(check_locale(locale))
    report = await rankings.rankings_report(ctx, NATIONAL, period=period, source="imported",
                                            locale=lang)
    if not report.blocks:
        raise NotFound("No quality rankings have been published for {period}.",
                       period=report.period)
    return PublicRankingsOut(period=report.period, locale=lang, source="imported",
                             blocks=report.blocks)
