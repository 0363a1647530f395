"""``GET /api/v1/exports/…``: a form's raw responses, and the analytics reports, as files.

``/responses`` streams a form's raw responses as CSV, XLSX or JSON Lines;
``/{report}``, for every report of the registry, is the report of
``/api/v1/analytics/{report}``, with the same parameters and access rules,
as CSV, XLSX or JSON (the formats of :mod:`forms_service.exports.formats`).
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, QueryParameter
from litestar.response import Stream

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.exports import formats, service
from forms_service.exports.reports import (
    REPORT_FORMAT,
    REPORT_LOCALE,
    ReportExport,
    export_report,
)
from forms_service.http import request_locale
from forms_service.reports.controller import INJECTED, handler_name
from forms_service.reports.registry import REPORTS
from forms_service.reports.routes import add_routes, report_route
from forms_service.reports.spec import ReportSpec

__all__ = ["ExportController", "download_headers", "export_route"]


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

    @get("/responses",
         summary=f"A form's raw responses as {formats.labels_text(formats.RESPONSES)} (analyst)",
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
        fmt: Annotated[str, QueryParameter(
            name="format", max_length=16,
            description=formats.choices_text(formats.RESPONSES))] = "csv",
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
        service_code: Annotated[str | None, QueryParameter(
            name="service", max_length=64, description="Only this service (procedure code)",
        )] = None,
        satisfied: Annotated[bool | None, QueryParameter(
            name="satisfied", description="Only satisfied (true) or not satisfied (false)",
        )] = None,
        has_comment: Annotated[bool, QueryParameter(
            name="has_comment", description="Only responses with a free-text comment",
        )] = False,
    ) -> Stream:
        export = await service.export_responses(
            ctx, principal, form=form, fmt=fmt, locale=locale or request_locale(request),
            since=since, until=until, unmasked=unmasked, service=service_code,
            satisfied=satisfied, has_comment=has_comment,
        )
        return Stream(export.chunks(), media_type=export.media_type,
                      headers=download_headers(export.filename))

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


def export_route(spec: ReportSpec) -> HTTPRouteHandler:
    """``GET /<name>``: the report as a file; ``format`` and ``locale`` first, then the
    report's parameters (its required ones before everything)."""

    async def call(request: Request[Any, Any, Any], ctx: Context, principal: Principal,
                   fmt: str = "csv", locale: str | None = None, **params: Any) -> Stream:
        return _download(await export_report(
            ctx, principal, spec.name, fmt=fmt, locale=locale or request_locale(request),
            params=params))

    ordered = spec.ordered()
    required = [p for p in ordered if p.required]
    others = [p for p in ordered if not p.required and p.name != "locale"]
    summary = (spec.download_summary or "The {name} report as {formats} (analyst)").format(
        name=spec.name, formats=formats.labels_text(formats.REPORTS))
    return report_route(
        path=f"/{spec.name}", name=handler_name(spec), summary=summary,
        leading=(("request", Request[Any, Any, Any]), *INJECTED),
        params=[*required, ("fmt", REPORT_FORMAT), REPORT_LOCALE, *others],
        returns=Stream, call=call)


add_routes(ExportController, [export_route(spec) for spec in REPORTS.values()])
