"""Nominating excellent full-online services of an agency for a year (seed 000).

The database sums the year's dossier statistics and satisfaction counts per
service (``GROUP BY``); :func:`analytics.excellence_nominations` applies the
criteria and says why each service left out was left out.
"""

from __future__ import annotations

import math
from typing import Any

from analytics import (
    Candidate,
    ServiceEvidence,
    excellence_nominations,
    format_percent,
    label,
)
from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.db import Database
from forms_service.errors import InvalidInput
from forms_service.reports.params import StatOptions, check_locale, resolve_scope
from forms_service.reports.schemas import (
    CandidateOut,
    EvidenceOut,
    NominationReportOut,
    SatisfactionEvidenceOut,
    SavingsOut,
)
from forms_service.reports.sql import NOT_COVERED

__all__ = ["excellence_report"]



async def excellence_report(
    ctx: Context, principal: Principal, *, agency: str | None = None, year: int,
    per_audience: int = 5, top_online: int = 5, threshold: float = 0.9,
    confidence_level: float = 0.95, min_n: int = 30, locale: str | None = None,
) -> NominationReportOut:
    """Up to ``per_audience`` citizen and business nominations, with evidence."""
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise InvalidInput("year must be a year such as 2023.")
    for name, value in (("per_audience", per_audience), ("top_online", top_online)):
        if not 1 <= value <= 50:
            raise InvalidInput("{name} must be a whole number from 1 to 50.", name=name)
    options = StatOptions.checked(threshold=threshold, confidence_level=confidence_level,
                                  min_n=min_n)
    lang = check_locale(locale)
    scope = await resolve_scope(principal, agency)
    if scope.agency_id is None:
        raise InvalidInput("Name the agency whose services to nominate: add agency=CODE.")
    services = await ctx.db.raw(
        "SELECT id, code, name, audience, delivery FROM service WHERE agency = {} ORDER BY code",
        scope.agency_id,
    )
    dossiers = await _dossiers(ctx.db, scope.agency_id, year)
    notes = await _savings_notes(ctx.db, scope.agency_id, year)
    satisfaction = await _satisfaction(ctx.db, scope.agency_id, year)
    evidence, savings = [], {}
    for service in services:
        sid = service["id"]
        counts = dossiers.get(sid, {})
        saved = SavingsOut(
            note="; ".join(notes.get(sid, [])) or None,
            cost_saving_vnd=int(counts["cost"]) if counts.get("cost") else None,
            time_saving_hours=float(counts["hours"]) if counts.get("hours") else None,
        )
        savings[service["code"]] = saved
        n, satisfied = satisfaction.get(sid, (0, 0))
        evidence.append(ServiceEvidence(
            service["code"], service["name"], service["audience"], service["delivery"],
            online_dossiers=int(counts.get("online") or 0),
            total_dossiers=int(counts.get("total") or 0),
            satisfied=satisfied, n=n, savings=_savings_text(saved),
        ))
    report = excellence_nominations(
        evidence, year=year, per_audience=per_audience, top_online=top_online,
        threshold=options.threshold, confidence_level=options.confidence_level,
        min_n=options.min_n,
    )

    def out(candidates: tuple[Candidate, ...]) -> list[CandidateOut]:
        return [_candidate(c, savings[c.service.code], lang) for c in candidates]

    return NominationReportOut(
        agency=scope.agency_code or "", agency_name=scope.agency_name or "", year=year,
        per_audience=report.per_audience, top_online=report.top_online,
        threshold=report.threshold, confidence_level=report.confidence_level,
        citizen=out(report.citizen), business=out(report.business),
        excluded=out(report.excluded), locale=lang,
    )


async def _dossiers(db: Database, agency_id: int, year: int) -> dict[int, dict[str, Any]]:
    rows = await db.raw(
        "SELECT d.service, SUM(d.online_dossiers) AS online, SUM(d.total_dossiers) AS total, "
        "SUM(d.cost_saving_vnd) AS cost, SUM(d.time_saving_hours) AS hours "
        "FROM dossier_stat d JOIN service s ON s.id = d.service "
        f"WHERE s.agency = {{}} AND substr(d.period, 1, 4) = {{}} AND {NOT_COVERED} "
        "GROUP BY d.service",
        agency_id, str(year),
    )
    return {row["service"]: row for row in rows}


async def _savings_notes(db: Database, agency_id: int, year: int) -> dict[int, list[str]]:
    rows = await db.raw(
        "SELECT d.service, d.savings_note FROM dossier_stat d JOIN service s ON s.id = d.service "
        "WHERE s.agency = {} AND substr(d.period, 1, 4) = {} AND d.savings_note IS NOT NULL "
        "ORDER BY d.service, d.period",
        agency_id, str(year),
    )
    notes: dict[int, list[str]] = {}
    for row in rows:
        if row["savings_note"].strip() and row["savings_note"] not in notes.get(row["service"],
                                                                                  []):
            notes.setdefault(row["service"], []).append(row["savings_note"])
    return notes


async def _satisfaction(db: Database, agency_id: int, year: int) -> dict[int, tuple[int, int]]:
    rows = await db.raw(
        "SELECT a.service, SUM(a.satisfaction_answered) AS n, SUM(a.satisfied) AS satisfied "
        "FROM response_aggregate a WHERE a.agency = {} AND a.service <> 0 "
        "AND a.span = 'year' AND a.period = {} GROUP BY a.service",
        agency_id, str(year),
    )
    return {row["service"]: (int(row["n"]), int(row["satisfied"])) for row in rows}


def _savings_text(savings: SavingsOut) -> str | None:
    parts = [savings.note] if savings.note else []
    if savings.cost_saving_vnd:
        parts.append(f"cost_saving_vnd={savings.cost_saving_vnd}")
    if savings.time_saving_hours:
        parts.append(f"time_saving_hours={savings.time_saving_hours:g}")
    return "; ".join(parts) or None


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _candidate(candidate: Candidate, savings: SavingsOut, lang: str | None) -> CandidateOut:
    service, test = candidate.service, candidate.satisfaction
    satisfaction = SatisfactionEvidenceOut(
        n=test.n, satisfied=test.successes, rate=_finite(test.estimate),
        pvalue=_finite(test.pvalue), lower_bound=_finite(test.lower_bound),
        verdict=test.verdict.value,
    )
    evidence = EvidenceOut(
        online_dossiers=service.online_dossiers, total_dossiers=service.total_dossiers,
        online_share=_finite(candidate.online_share), online_rank=candidate.online_rank,
        satisfaction=satisfaction, savings=savings,
    )
    out = CandidateOut(
        service=service.code, name=service.name, audience=service.audience.value,
        delivery=service.delivery.value, position=candidate.position,
        reason=candidate.reason.value if candidate.reason else None,
        criteria=[c.value for c in candidate.criteria], evidence=evidence,
    )
    if lang is not None:
        satisfaction.rate_text = format_percent(test.estimate, lang)
        satisfaction.verdict_text = label(test.verdict, lang)
        evidence.online_share_text = format_percent(candidate.online_share, lang)
        out.criteria_text = [label(c, lang) for c in candidate.criteria]
        out.reason_text = label(candidate.reason, lang) if candidate.reason else None
    return out
