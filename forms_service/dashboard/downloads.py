"""Dashboard downloads: the numbers of a page as CSV, XLSX or JSON.

``/dashboard/export/<report>.<format>`` is the report export of
``/api/v1/exports/<report>`` (:func:`forms_service.exports.reports.export_report`),
run with the person's principal and the query's parameters (those the report
takes): localized headers, formatted columns, the period in the file name,
recorded in ``export_audit``. A few pages download a report with parameters
of their own (:data:`PAGES`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.errors import NotFound
from forms_service.exports import formats
from forms_service.exports.reports import ReportExport, export_report
from forms_service.reports.params import parse_threshold
from forms_service.reports.registry import REPORTS

__all__ = ["PAGES", "Page", "download"]


@dataclass(frozen=True)
class Page:
    """A page whose download is a report with parameters of the page's own."""

    report: str
    fixed: Mapping[str, Any] = field(default_factory=dict)
    latest_scores: bool = False  # no period chosen: the latest period with quality scores


PAGES: dict[str, Page] = {
    "trend": Page("satisfaction", {"group_by": "audience,quarter"}),
    "p-chart": Page("trend"),
    "rankings": Page("rankings", latest_scores=True),
}


def _not_found(name: str) -> NotFound:
    names = [*REPORTS, *(page for page in PAGES if page not in REPORTS)]
    return NotFound("There is no download {name}: use one of {reports}, with one of {formats}.",
                    name=name[:60], reports=", ".join(names),
                    formats=", ".join(f".{f}" for f in formats.offered(formats.DASHBOARD)))


async def download(
    ctx: Context, principal: Principal, name: str, fmt: str, query: Mapping[str, str],
    lang: str, *, default_period: str = "",
) -> ReportExport:
    """Download ``name`` (a report, or a page of :data:`PAGES`) in format ``fmt``."""
    page = PAGES.get(name, Page(name))
    spec = REPORTS.get(page.report)
    if spec is None or fmt not in formats.offered(formats.DASHBOARD):
        raise _not_found(f"{name}.{fmt}")
    # the threshold as the page's field takes it (90%, 0,9 …)
    params = {p.name: parse_threshold(query.get(p.name)) if p.name == "threshold"
              else p.parse(query.get(p.name)) for p in spec.params if p.name != "locale"}
    params |= page.fixed
    if page.latest_scores and not params.get("period"):
        params["period"] = default_period
    return await export_report(ctx, principal, spec.name, fmt=fmt, locale=lang,
                               params=params, name=name)
