"""The analytics API: satisfaction, nominations, online rates, communication, rankings."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, QueryParameter

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.reports import communication, excellence, online, rankings, satisfaction
from forms_service.reports.schemas import (
    CommunicationReportOut,
    NominationReportOut,
    OnlineRateReportOut,
    QualityScoresIn,
    QualityScoresOut,
    RankingReportOut,
    SatisfactionReportOut,
)

Agency = Annotated[str | None, QueryParameter(
    name="agency", max_length=40,
    description="Agency code; an agency key defaults to (and may only name) its own")]
FormSlug = Annotated[
    str | None, QueryParameter(name="form", max_length=80, description="Form slug")]
PeriodQuery = Annotated[str | None, QueryParameter(
    name="period", max_length=20, description="2023, 2023-Q3 or 2023-07")]
Threshold = Annotated[float, QueryParameter(
    name="threshold", description="Excellence threshold, strictly between 0 and 1")]
Level = Annotated[float, QueryParameter(
    name="confidence_level", description="Between 0.5 and 0.999 (exclusive)")]
Method = Annotated[str, QueryParameter(
    name="method", max_length=40, description="wilson, clopper-pearson or jeffreys")]
MinN = Annotated[int, QueryParameter(
    name="min_n", description="Fewer answers give insufficient_data")]
Locale = Annotated[str | None, QueryParameter(
    name="locale", max_length=8, description="vi or en: adds formatted *_text fields")]


class AnalyticsController(Controller):
    path = "/api/v1/analytics"
    tags = ["analytics"]

    @get("/satisfaction", summary="Satisfaction rates, intervals, excellence verdicts, ranks")
    async def satisfaction(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        agency: Agency = None, form: FormSlug = None,
        period: PeriodQuery = None, threshold: Threshold = 0.9, confidence_level: Level = 0.95,
        method: Method = "wilson", min_n: MinN = 30, locale: Locale = None,
        group_by: Annotated[str, QueryParameter(
            name="group_by", max_length=80,
            description="service, agency, form or audience, optionally with one of month, "
            "quarter, year (comma-separated: agency,quarter)")] = "service",
    ) -> SatisfactionReportOut:
        return await satisfaction.satisfaction_report(
            ctx, principal, group_by=group_by, agency=agency, form=form, period=period,
            threshold=threshold, confidence_level=confidence_level, method=method,
            min_n=min_n, locale=locale,
        )

    @get("/excellence", summary="Excellent full-online services to nominate (seed 000)")
    async def excellence(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        year: Annotated[int, QueryParameter(name="year", description="e.g. 2023")],
        agency: Agency = None, threshold: Threshold = 0.9, confidence_level: Level = 0.95,
        min_n: MinN = 30, locale: Locale = None,
        per_audience: Annotated[int, QueryParameter(name="per_audience")] = 5,
        top_online: Annotated[int, QueryParameter(name="top_online")] = 5,
    ) -> NominationReportOut:
        return await excellence.excellence_report(
            ctx, principal, agency=agency, year=year, per_audience=per_audience,
            top_online=top_online, threshold=threshold, confidence_level=confidence_level,
            min_n=min_n, locale=locale,
        )

    @get("/online-rate", summary="Online and self-submitted dossier shares against the target")
    async def online_rate(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        agency: Agency = None, period: PeriodQuery = None, confidence_level: Level = 0.95,
        method: Method = "wilson", locale: Locale = None,
        interval: Annotated[str, QueryParameter(name="interval", max_length=10,
                                           description="month, quarter or year")] = "quarter",
        group_by: Annotated[str, QueryParameter(name="group_by", max_length=10,
                                           description="agency or service")] = "agency",
        target: Annotated[float, QueryParameter(name="target")] = 0.5,
    ) -> OnlineRateReportOut:
        return await online.online_rate_report(
            ctx, principal, agency=agency, period=period, interval=interval, group_by=group_by,
            target=target, confidence_level=confidence_level, method=method, locale=locale,
        )

    @get("/communication", summary="Channel reach and outcomes among reached and not reached")
    async def communication(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        agency: Agency = None, form: FormSlug = None,
        period: PeriodQuery = None, confidence_level: Level = 0.95, locale: Locale = None,
        campaign_start: Annotated[str | None, QueryParameter(
            name="campaign_start", max_length=20,
            description="YYYY-MM-DD (Vietnam time): adds before/after comparisons")] = None,
    ) -> CommunicationReportOut:
        return await communication.communication_report(
            ctx, principal, agency=agency, form=form, period=period,
            campaign_start=campaign_start, confidence_level=confidence_level, locale=locale,
        )

    @get("/rankings", summary="Agencies ranked by quality score with ties and grades A–E")
    async def rankings(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        period: PeriodQuery = None, min_n: MinN = 30, locale: Locale = None,
        source: Annotated[str, QueryParameter(name="source", max_length=20,
                                         description="imported or satisfaction")] = "imported",
        kind: Annotated[str | None, QueryParameter(name="kind", max_length=20,
                                              description="ministry, province or other")] = None,
    ) -> RankingReportOut:
        return await rankings.rankings_report(
            ctx, principal, period=period, source=source, kind=kind, min_n=min_n, locale=locale,
        )

    @post("/quality-scores", summary="Import quality scores of agencies for a period (admin)")
    async def import_scores(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        data: JSONBody[QualityScoresIn],
    ) -> QualityScoresOut:
        return await rankings.import_quality_scores(ctx, principal, data)
