"""The analytics API: one ``GET`` per report of the registry, and the quality-score import.

``GET /api/v1/analytics/<name>`` takes the report's parameters (see
:mod:`forms_service.reports.specs`) and returns its body.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import JSONBody

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.reports import rankings
from forms_service.reports.registry import REPORTS, run_report
from forms_service.reports.routes import add_routes, report_route
from forms_service.reports.schemas import QualityScoresIn, QualityScoresOut
from forms_service.reports.spec import ReportSpec

__all__ = ["AnalyticsController", "analytics_route", "handler_name"]

INJECTED = (("ctx", NamedDependency[Context]), ("principal", NamedDependency[Principal]))


def handler_name(spec: ReportSpec) -> str:
    """``online-rate`` → ``online_rate`` (the operation id ends in ``OnlineRate``)."""
    return spec.name.replace("-", "_")


def analytics_route(spec: ReportSpec) -> HTTPRouteHandler:
    """``GET /<name>``: the report's body."""

    async def call(ctx: Context, principal: Principal, locale: str | None = None,
                   **params: Any) -> Any:
        return await run_report(ctx, principal, spec, locale=locale, params=params)

    return report_route(path=f"/{spec.name}", name=handler_name(spec), summary=spec.summary,
                        leading=INJECTED, params=spec.ordered(), returns=spec.output,
                        call=call)


class AnalyticsController(Controller):
    path = "/api/v1/analytics"
    tags = ["analytics"]

    @post("/quality-scores", summary="Import quality scores of agencies for a period (admin)")
    async def import_scores(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        data: JSONBody[QualityScoresIn],
    ) -> QualityScoresOut:
        return await rankings.import_quality_scores(ctx, principal, data)


add_routes(AnalyticsController, [analytics_route(spec) for spec in REPORTS.values()])
