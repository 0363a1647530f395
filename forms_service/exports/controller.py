"""``GET /api/v1/exports/responses``: a form's raw responses as CSV, XLSX or JSON Lines."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.params import QueryParameter
from litestar.response import Stream

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.exports import service
from forms_service.http import request_locale


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
        self, request: Request[Any, Any, Any], ctx: Context, principal: Principal,
        form: Annotated[str, QueryParameter(name="form", min_length=1, max_length=80,
                                       description="Form slug")],
        fmt: Annotated[str, QueryParameter(name="format", max_length=16,
                                      description="csv (default), xlsx or jsonl")] = "csv",
        locale: Annotated[str | None, QueryParameter(
            query="locale", max_length=8,
            description="Headers and labels: vi or en (default: Accept-Language, else vi)",
        )] = None,
        since: Annotated[str | None, QueryParameter(
            query="since", max_length=40,
            description="Submitted at or after: 2023-07-01 or an ISO 8601 date-time "
            "(without an offset: UTC+7)")] = None,
        until: Annotated[str | None, QueryParameter(
            query="until", max_length=40, description="Submitted before (same forms as since)",
        )] = None,
        unmasked: Annotated[bool, QueryParameter(
            query="unmasked",
            description="Export free text without masking personal identifiers (audited)",
        )] = False,
    ) -> Stream:
        export = await service.export_responses(
            ctx, principal, form=form, fmt=fmt, locale=locale or request_locale(request),
            since=since, until=until, unmasked=unmasked,
        )
        return Stream(export.chunks(), media_type=export.media_type,
                      headers=download_headers(export.filename))
