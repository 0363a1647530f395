"""``GET /api/v1/exports/…``: a form's raw responses, and the analytics reports, as files.

``/responses`` streams a form's raw responses as CSV, XLSX or JSON Lines;
``/{report}`` (satisfaction, excellence, online-rate, communication,
rankings) is the report of ``/api/v1/analytics/{report}``, with the same
parameters and access rules, as CSV, XLSX or JSON.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.response import Stream

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.exports import service
from forms_service.exports.reports import ReportExport, export_report
from forms_service.http import request_locale
from forms_service.reports.controller import (
    Agency,
    FormSlug,
    Level,
    Method,
    MinN,
    PeriodQuery,
    Threshold,
)

Format = Annotated[str, QueryParameter(name="format", max_length=16,
                                       description="csv (default), xlsx or json")]
Locale = Annotated[str | None, QueryParameter(
    name="locale", max_length=8,
    description="Headers and formatted numbers: vi or en (default: Accept-Language, else vi)")]


def download_headers(filename: str) -> dict[str, str]:
    """Headers of a file download holding personal data."""
    return {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }


class ExportController(Controller):
    path = "/api/v1/exports"
    tags = ["exports"]

    @get("/responses", summary="A form's raw responses as CSV, XLSX or JSON Lines (analyst)",
         description="One row per response, one column per question (a 0/1 column per "
         "option of a multiple-choice question, plus the labels), context columns, codes and "
         "labels; all versions of the form, each row saying its version. Free-text answers "
         "have citizen ID numbers, phone numbers and e-mail addresses masked unless "
         "unmasked=true (recorded in the export audit). CSV and JSON Lines start at once "
         "and stream; XLSX is sent when built.")
    async def responses(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        principal: NamedDependency[Principal],
        form: Annotated[str, QueryParameter(name="form", min_length=1, max_length=80,
                                       description="Form slug")],
        fmt: Annotated[str, QueryParameter(name="format", max_length=16,
                                      description="csv (default), xlsx or jsonl")] = "csv",
        locale: Annotated[str | None, QueryParameter(
            name="locale", max_length=8,
            description="Headers and labels: vi or en (default: Accept-Language, else vi)",
        )] = None,
        since: Annotated[str | None, QueryParameter(
            name="since", max_length=40,
            description="Submitted at or after: 2023-07-01 or an ISO 8601 date-time "
            "(without an offset: UTC+7)")] = None,
        until: Annotated[str | None, QueryParameter(
            name="until", max_length=40, description="Submitted before (same forms as since)",
        )] = None,
        unmasked: Annotated[bool, QueryParameter(
            name="unmasked",
            description="Export free text without masking personal identifiers (audited)",
        )] = False,
    ) -> Stream:
        export = await service.export_responses(
            ctx, principal, form=form, fmt=fmt, locale=locale or request_locale(request),
            since=since, until=until, unmasked=unmasked,
        )
        return Stream(export.chunks(), media_type=export.media_type,
                      headers=download_headers(export.filename))

    @get("/satisfaction", summary="The satisfaction report as CSV, XLSX or JSON (analyst)")
    async def satisfaction(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        principal: NamedDependency[Principal],
        fmt: Format = "csv", locale: Locale = None, agency: Agency = None,
        form: FormSlug = None, period: PeriodQuery = None, threshold: Threshold = 0.9,
        confidence_level: Level = 0.95, method: Method = "wilson", min_n: MinN = 30,
        group_by: Annotated[str, QueryParameter(
            name="group_by", max_length=80,
            description="As in /api/v1/analytics/satisfaction")] = "service",
    ) -> Stream:
        return _download(await export_report(
            ctx, principal, "satisfaction", fmt=fmt, locale=locale or request_locale(request),
            params={"group_by": group_by, "agency": agency, "form": form, "period": period,
                    "threshold": threshold, "confidence_level": confidence_level,
                    "method": method, "min_n": min_n}))

    @get("/excellence", summary="The nominations of excellent services as a file (analyst)")
    async def excellence(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        principal: NamedDependency[Principal],
        year: Annotated[int, QueryParameter(name="year", description="e.g. 2023")],
        fmt: Format = "csv", locale: Locale = None, agency: Agency = None,
        threshold: Threshold = 0.9, confidence_level: Level = 0.95, min_n: MinN = 30,
        per_audience: Annotated[int, QueryParameter(name="per_audience")] = 5,
        top_online: Annotated[int, QueryParameter(name="top_online")] = 5,
    ) -> Stream:
        return _download(await export_report(
            ctx, principal, "excellence", fmt=fmt, locale=locale or request_locale(request),
            params={"agency": agency, "year": year, "per_audience": per_audience,
                    "top_online": top_online, "threshold": threshold,
                    "confidence_level": confidence_level, "min_n": min_n}))

    @get("/online-rate", summary="Online and self-submitted dossier shares as a file (analyst)")
    async def online_rate(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        principal: NamedDependency[Principal],
        fmt: Format = "csv", locale: Locale = None, agency: Agency = None,
        period: PeriodQuery = None, confidence_level: Level = 0.95, method: Method = "wilson",
        interval: Annotated[str, QueryParameter(name="interval", max_length=10,
                                           description="month, quarter or year")] = "quarter",
        group_by: Annotated[str, QueryParameter(name="group_by", max_length=10,
                                           description="agency or service")] = "agency",
        target: Annotated[float, QueryParameter(name="target")] = 0.5,
    ) -> Stream:
        return _download(await export_report(
            ctx, principal, "online-rate", fmt=fmt, locale=locale or request_locale(request),
            params={"agency": agency, "period": period, "interval": interval,
                    "group_by": group_by, "target": target,
                    "confidence_level": confidence_level, "method": method}))

    @get("/communication", summary="The communication report as a file (analyst)")
    async def communication(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        principal: NamedDependency[Principal],
        fmt: Format = "csv", locale: Locale = None, agency: Agency = None,
        form: FormSlug = None, period: PeriodQuery = None, confidence_level: Level = 0.95,
        campaign_start: Annotated[str | None, QueryParameter(
            name="campaign_start", max_length=20,
            description="YYYY-MM-DD (Vietnam time): adds before/after comparisons")] = None,
    ) -> Stream:
        return _download(await export_report(
            ctx, principal, "communication", fmt=fmt, locale=locale or request_locale(request),
            params={"agency": agency, "form": form, "period": period,
                    "campaign_start": campaign_start, "confidence_level": confidence_level}))

    @get("/rankings", summary="Agencies ranked and graded, as a file (analyst)")
    async def rankings(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        principal: NamedDependency[Principal],
        fmt: Format = "csv", locale: Locale = None, period: PeriodQuery = None,
        min_n: MinN = 30,
        source: Annotated[str, QueryParameter(name="source", max_length=20,
                                         description="imported or satisfaction")] = "imported",
        kind: Annotated[str | None, QueryParameter(name="kind", max_length=20,
                                              description="ministry, province or other")] = None,
    ) -> Stream:
        return _download(await export_report(
            ctx, principal, "rankings", fmt=fmt, locale=locale or request_locale(request),
            params={"period": period, "source": source, "kind": kind, "min_n": min_n}))

    @get("/{report:str}", summary="Any other name: 404 listing the reports",
         include_in_schema=False)
    async def unknown(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        report: FromPath[str],
    ) -> Stream:
        return _download(await export_report(ctx, principal, report))


def _download(export: ReportExport) -> Stream:
    return Stream(export.chunks(), media_type=export.media_type,
                  headers=download_headers(export.filename))
