"""Quality rankings of agencies with ties and grades A–E (seed 003, appendix).

Scores come either from imported evaluations (``quality_score``, such as the
2023 appendix) or from satisfaction: 100 × the agency's satisfaction rate
over the period. Ministries, provinces and other agencies are ranked in
separate blocks, as in the appendix, by :func:`analytics.quality_ranking`.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from analytics import Period, ScoreEntry, quality_ranking
from forms_service.agencies.tables import Agency
from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.errors import N_, Forbidden, InvalidInput
from forms_service.i18n import negotiate, translate
from forms_service.reports.params import check_locale, check_min_n, check_period
from forms_service.reports.schemas import (
    GradeCountOut,
    QualityScoresIn,
    QualityScoresOut,
    RankingBlockOut,
    RankingReportOut,
    RankingRowOut,
)
from forms_service.reports.sql import Where, aggregate_periods
from forms_service.reports.tables import QualityScore
from forms_service.text import clean_name

__all__ = ["SOURCES", "import_quality_scores", "rankings_report"]

SOURCES = ("imported", "satisfaction")
KINDS = ("ministry", "province", "other")
SCORE_DIGITS = 1  # scores are shown, ranked and graded with one decimal
TITLES = {
    "ministry": N_("Ministries and government agencies"),
    "province": N_("Provinces and centrally run cities"),
    "other": N_("Other agencies"),
}


def _period(text: str | None) -> Period:
    chosen = check_period(text)
    if chosen is None:
        raise InvalidInput("period is required: write a year (2023), a quarter (2023-Q3) "
                           "or a month (2023-07).")
    return chosen


async def rankings_report(
    ctx: Context, principal: Principal, *, period: str | None = None, source: str = "imported",
    kind: str | None = None, min_n: int = 30, locale: str | None = None,
) -> RankingReportOut:
    """Ranked blocks of agencies for ``period``.

    Imported scores are published results, open to every analyst.
    Satisfaction-based rankings compare every agency's responses, so they
    need a national key (an admin, or an analyst without agency).
    """
    principal.require_role(Role.ANALYST)
    chosen = _period(period)
    if source not in SOURCES:
        raise InvalidInput("source must be imported or satisfaction.")
    if kind is not None and kind not in KINDS:
        raise InvalidInput("kind must be one of: ministry, province, other.")
    min_n = check_min_n(min_n)
    lang = negotiate(check_locale(locale))
    if source == "imported":
        rows = await ctx.db.raw(
            "SELECT ag.code, ag.name, ag.kind, q.score FROM quality_score q "
            "JOIN agency ag ON ag.id = q.agency WHERE q.period = {} ORDER BY q.id",
            str(chosen),
        )
    else:
        if not principal.is_national:
            raise Forbidden("Rankings computed from satisfaction compare every agency's "
                            "responses: use a national key (an analyst without agency).")
        rows = await _satisfaction_scores(ctx, chosen, min_n)
    blocks = []
    for block_kind in KINDS:
        entries = [ScoreEntry(r["code"], r["name"], float(r["score"]))
                   for r in rows if r["kind"] == block_kind]
        if entries and kind in (None, block_kind):
            blocks.append(_block(block_kind, entries, lang))
    return RankingReportOut(period=str(chosen), source=source, min_n=min_n, blocks=blocks,
                            locale=lang)


async def _satisfaction_scores(ctx: Context, period: Period, min_n: int) -> list[dict[str, Any]]:
    where = Where()
    aggregate_periods(where, period, None)
    rows = await ctx.db.raw(
        "SELECT ag.code, ag.name, ag.kind, g.n, g.satisfied FROM (SELECT a.agency, "
        "SUM(a.satisfaction_answered) AS n, SUM(a.satisfied) AS satisfied "
        f"FROM response_aggregate a{where.sql()} GROUP BY a.agency) g "
        "JOIN agency ag ON ag.id = g.agency WHERE g.n >= {} ORDER BY ag.code",
        *where.args, max(min_n, 1),
    )
    for row in rows:
        row["score"] = 100.0 * int(row["satisfied"]) / int(row["n"])
    return rows


def _block(kind: str, entries: list[ScoreEntry], lang: str) -> RankingBlockOut:
    # graded and ranked as shown: one decimal, as the published tables
    table = quality_ranking(entries, locale=lang, digits=SCORE_DIGITS)
    distribution = table.distribution
    return RankingBlockOut(
        kind=kind, title=translate(lang, TITLES[kind]), count=len(entries),
        mean_score=table.mean_score if math.isfinite(table.mean_score) else None,
        rows=[RankingRowOut(rank=r.rank, agency=r.code, name=r.name, score=r.score,
                            grade=r.grade.value) for r in table.rows],
        distribution=[GradeCountOut(grade=g.value, count=c,
                                    share=c / distribution.total if distribution.total else None)
                      for g, c in distribution.counts],
        distribution_lines=distribution.lines(lang),
    )


async def import_quality_scores(
    ctx: Context, principal: Principal | None, data: QualityScoresIn
) -> QualityScoresOut:
    """Store the scores of ``data`` (admins only); a score already there is replaced."""
    if principal is not None:
        principal.require_role(Role.ADMIN)
    chosen = _period(data.period)
    source = clean_name(data.source, "source", max_length=200) if data.source.strip() else ""
    codes = [item.agency.strip() for item in data.scores]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise InvalidInput("Each agency may have one score per import; repeated: {codes}.",
                           codes=", ".join(repeated)[:200])
    for item in data.scores:
        if not (isinstance(item.score, int | float) and math.isfinite(item.score)
                and 0 <= item.score <= 100):
            raise InvalidInput("A score must be a number from 0 to 100.")
    agencies = {row["code"]: row["id"] for row in await Agency.select(
        Agency.id, Agency.code).where(Agency.code.is_in(codes)).run()}
    unknown = [code for code in codes if code not in agencies]
    if unknown:
        raise InvalidInput("Unknown agency codes: {codes}. Register the agencies first.",
                           codes=", ".join(unknown)[:200])
    now = dt.datetime.now(dt.UTC)
    async with ctx.db.write_transaction():
        existing = {row["agency"] for row in await QualityScore.select(QualityScore.agency).where(
            (QualityScore.period == str(chosen))
            & QualityScore.agency.is_in(list(agencies.values()))).run()}
        for code, item in zip(codes, data.scores, strict=True):
            await ctx.db.raw(
                "INSERT INTO quality_score (agency, period, score, source, imported_at) "
                "VALUES ({}, {}, {}, {}, {}) ON CONFLICT (agency, period) DO UPDATE SET "
                "score = excluded.score, source = excluded.source, "
                "imported_at = excluded.imported_at",
                agencies[code], str(chosen), float(item.score), source, now,
            )
    return QualityScoresOut(period=str(chosen), source=source, imported=len(codes),
                            replaced=len(existing))
