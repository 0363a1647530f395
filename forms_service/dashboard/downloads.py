"""Dashboard downloads: the numbers of a page as CSV, XLSX or JSON.

``/dashboard/export/<report>.<format>`` is any report of the registry, run
with the person's principal and the query's parameters (those the report
takes), laid out from the report's tables: one row per item, nested values
flattened to dotted columns (``before.rate``), headed by their keys, a
``table`` column first when the report has several tables. A few pages
download a report with parameters of their own (:data:`PAGES`). Written
with the formats of the exports, so CSV has a BOM and spreadsheet formulas
are neutralized, as in every export of the service.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.errors import NotFound
from forms_service.exports import formats
from forms_service.exports.writers import Column, batched, rows_from_dicts
from forms_service.reports.params import parse_threshold
from forms_service.reports.registry import REPORTS, run_report
from forms_service.reports.render import flatten
from forms_service.reports.spec import ReportSpec

__all__ = ["PAGES", "Page", "download", "download_rows"]


@dataclass(frozen=True)
class Page:
    """A page whose download is a report with parameters of the page's own."""

    report: str
    fixed: Mapping[str, Any] = field(default_factory=dict)
    latest_scores: bool = False  # no period chosen: the latest period with quality scores


PAGES: dict[str, Page] = {
    "trend": Page("satisfaction", {"group_by": "audience,quarter"}),
    "rankings": Page("rankings", latest_scores=True),
}


def _communication(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [{"table": "reach", **flatten(item)} for item in data["reach"]]
    rows += [{"table": "effect", **flatten(item)} for item in data["effects"]]
    rows += [{"table": "before_after", **flatten(item)} for item in data["before_after"]]
    return rows


def _rankings(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"kind": block["kind"], "block": block["title"], **row}
            for block in data["blocks"] for row in block["rows"]]


# the rows these downloads had before they were made from the report's tables
_ROWS: dict[str, Callable[[dict[str, Any]], list[dict[str, Any]]]] = {
    "communication": _communication,
    "rankings": _rankings,
}


def download_rows(spec: ReportSpec, body: msgspec.Struct, lang: str) -> list[dict[str, Any]]:
    """The rows of a download: the items of the report's tables, flat."""
    data = msgspec.to_builtins(body)
    if spec.name in _ROWS:
        return _ROWS[spec.name](data)
    tables = spec.tables(data, lang)
    return [({"table": table.key} if len(tables) > 1 else {}) | flatten(item)
            for table in tables for item in table.items]


def _not_found(name: str) -> NotFound:
    names = [*REPORTS, *(page for page in PAGES if page not in REPORTS)]
    return NotFound("There is no download {name}: use one of {reports}, with one of {formats}.",
                    name=name[:60], reports=", ".join(names),
                    formats=", ".join(f".{f}" for f in formats.offered(formats.DASHBOARD)))


async def download(
    ctx: Context, principal: Principal, name: str, fmt: str, query: Mapping[str, str],
    lang: str, *, default_period: str = "",
) -> tuple[AsyncGenerator[bytes, None], str, str]:
    """``(chunks, media type, file name)`` of download ``name`` in format ``fmt``."""
    page = PAGES.get(name, Page(name))
    spec = REPORTS.get(page.report)
    if spec is None or fmt not in formats.offered(formats.DASHBOARD):
        raise _not_found(f"{name}.{fmt}")
    chosen = formats.FORMATS[fmt]
    # the threshold as the page's field takes it (90%, 0,9 …)
    params = {p.name: parse_threshold(query.get(p.name)) if p.name == "threshold"
              else p.parse(query.get(p.name)) for p in spec.params if p.name != "locale"}
    params |= page.fixed
    if page.latest_scores and not params.get("period"):
        params["period"] = default_period
    body = await run_report(ctx, principal, spec, locale=lang, params=params)
    rows = download_rows(spec, body, lang)
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row))
    columns = [Column(key=key, header=key) for key in keys] or [Column(key="empty", header="")]
    table = rows_from_dicts(columns, rows)
    stream = chosen.write_table(columns, batched(table), locale=lang, sheet_name=name)
    return stream, chosen.media_type, f"phieu-{name}-{params.get('agency') or 'all'}.{fmt}"
