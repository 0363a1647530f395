"""The public results pages: ``/public``, ``/public/{agency}``, ``/public/rankings/{period}``.

Each page has a JSON twin at the same address with ``.json`` appended
(``/public/000.00.00.H29.json``, ``/public.json``), with the same numbers.
No sign-in; only agencies that opted in (``PUT
/api/v1/agencies/{code}/publication``) appear.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect

from forms_service.context import Context
from forms_service.errors import NotFound, PhieuError
from forms_service.i18n import DEFAULT_LOCALE, translate
from forms_service.public import charts, service
from forms_service.public.pages import cached_response, public_locale, render_public

__all__ = ["PublicController", "public_index_json"]

PeriodQuery = Annotated[str | None, QueryParameter(
    name="period", max_length=20, description="2025, 2025-Q3 or 2025-07; every period if absent")]
JSON = "application/json"


def _json(request: Request[Any, Any, Any], body: msgspec.Struct) -> Response[bytes]:
    return cached_response(request, msgspec.json.encode(body), JSON)


def _split(name: str) -> tuple[str, bool]:
    return (name[:-5], True) if name.endswith(".json") else (name, False)


def _error_page(request: Request[Any, Any, Any], exc: PhieuError) -> Response[bytes]:
    locale = public_locale(request)
    message = translate(locale, exc.message, **exc.params)
    return render_public(request, "public/error.html", title=message, message=message,
                         status_code=exc.status)


@get("/public.json", include_in_schema=False, opt={"public": True})
async def public_index_json(
    request: Request[Any, Any, Any], ctx: NamedDependency[Context],
) -> Response[bytes]:
    return _json(request, await service.public_index(ctx, locale=public_locale(request)))


class PublicController(Controller):
    path = "/public"
    include_in_schema = False
    opt = {"public": True}

    @get("/")
    async def index(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
    ) -> Response[bytes]:
        locale = public_locale(request)
        body = await service.public_index(ctx, locale=locale)
        return render_public(request, "public/index.html",
                             title=translate(locale, "Published results"), data=body,
                             json_url="/public.json")

    @get("/rankings")
    async def latest_rankings(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
    ) -> Any:
        body = await service.public_index(ctx, locale=public_locale(request))
        if not body.ranking_periods:
            return _error_page(request, NotFound("No quality rankings have been published yet."))
        query = f"?lang={body.locale}" if body.locale != DEFAULT_LOCALE else ""
        return Redirect(f"/public/rankings/{body.ranking_periods[0]}{query}", status_code=302)

    @get("/rankings/{period:str}")
    async def rankings(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                       period: FromPath[str]) -> Response[bytes]:
        period, as_json = _split(period)
        locale = public_locale(request)
        try:
            body = await service.ranking_results(ctx, period, locale=locale)
        except PhieuError as exc:
            if as_json:
                raise
            return _error_page(request, exc)
        if as_json:
            return _json(request, body)
        return render_public(
            request, "public/rankings.html",
            title=translate(locale, "Quality rankings {period}", period=body.period),
            data=body, charts=charts.ranking_charts(body),
            json_url=f"/public/rankings/{body.period}.json",
        )

    @get("/{code:str}")
    async def agency(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context], code: FromPath[str],
        period: PeriodQuery = None,
    ) -> Response[bytes]:
        code, as_json = _split(code)
        locale = public_locale(request)
        try:
            body = await service.agency_results(ctx, code, period=period, locale=locale)
        except PhieuError as exc:
            if as_json:
                raise
            return _error_page(request, exc)
        if as_json:
            return _json(request, body)
        query = f"?period={body.period}" if body.period else ""
        return render_public(
            request, "public/agency.html", title=body.name, data=body,
            charts=charts.agency_charts(body),
            json_url=f"/public/{body.agency}.json{query}",
        )
