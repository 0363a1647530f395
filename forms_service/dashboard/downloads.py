"""Dashboard downloads: the numbers of a page as CSV, XLSX or JSON.

The same report bodies as the pages (and the analytics API), one row per
group, nested values flattened to dotted columns (``before.rate``). Written
with the export writers, so CSV has a BOM and spreadsheet formulas are
neutralized, as in every export of the service.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any

import msgspec

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.dashboard.views import TARGET, Filters
from forms_service.errors import NotFound
from forms_service.exports.writers import (
    Column,
    CsvEncoder,
    JsonEncoder,
    batched,
    encode_stream,
    rows_from_dicts,
)
from forms_service.exports.xlsx import xlsx_stream
from forms_service.reports import communication, online, rankings, satisfaction
from forms_service.reports.render import flatten

__all__ = ["FORMATS", "REPORTS", "download"]

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _plain(body: msgspec.Struct) -> dict[str, Any]:
    return msgspec.to_builtins(body)  # type: ignore[no-any-return]


async def _satisfaction(ctx: Context, principal: Principal, f: Filters, lang: str,
                        group_by: str) -> list[dict[str, Any]]:
    body = _plain(await satisfaction.satisfaction_report(
        ctx, principal, group_by=group_by, agency=f.agency, form=f.form, period=f.period,
        threshold=0.9 if f.threshold is None else f.threshold, locale=lang))
    return [flatten(row) for row in body["rows"]]


async def _by_group(ctx: Context, principal: Principal, f: Filters, lang: str,
                    default: str) -> list[dict[str, Any]]:
    return await _satisfaction(ctx, principal, f, lang, f.group_by or "service")


async def _trend(ctx: Context, principal: Principal, f: Filters, lang: str,
                 default: str) -> list[dict[str, Any]]:
    return await _satisfaction(ctx, principal, f, lang, "audience,quarter")


async def _online(ctx: Context, principal: Principal, f: Filters, lang: str,
                  default: str) -> list[dict[str, Any]]:
    body = _plain(await online.online_rate_report(
        ctx, principal, agency=f.agency, period=f.period, interval="quarter", target=TARGET,
        locale=lang))
    return [flatten(row) for row in body["rows"]]


async def _communication(ctx: Context, principal: Principal, f: Filters, lang: str,
                         default: str) -> list[dict[str, Any]]:
    body = _plain(await communication.communication_report(
        ctx, principal, agency=f.agency, form=f.form, period=f.period,
        campaign_start=f.campaign_start, locale=lang))
    rows = [{"table": "reach", **flatten(item)} for item in body["reach"]]
    rows += [{"table": "effect", **flatten(item)} for item in body["effects"]]
    rows += [{"table": "before_after", **flatten(item)} for item in body["before_after"]]
    return rows


async def _rankings(ctx: Context, principal: Principal, f: Filters, lang: str,
                    default: str) -> list[dict[str, Any]]:
    body = _plain(await rankings.rankings_report(
        ctx, principal, period=f.period or default, source=f.source or "imported",
        locale=lang))
    return [{"kind": block["kind"], "block": block["title"], **row}
            for block in body["blocks"] for row in block["rows"]]


REPORTS: dict[str, Callable[[Context, Principal, Filters, str, str],
                            Awaitable[list[dict[str, Any]]]]] = {
    "satisfaction": _by_group,
    "trend": _trend,
    "online-rate": _online,
    "communication": _communication,
    "rankings": _rankings,
}


async def download(
    ctx: Context, principal: Principal, report: str, fmt: str, filters: Filters, lang: str,
    *, default_period: str = "",
) -> tuple[AsyncGenerator[bytes, None], str, str]:
    """``(chunks, media type, file name)`` of ``report`` in format ``fmt``."""
    fetch = REPORTS.get(report)
    if fetch is None or fmt not in FORMATS:
        raise NotFound(
            "There is no download {name}: use satisfaction, trend, online-rate, communication "
            "or rankings, with .csv, .xlsx or .json.", name=f"{report}.{fmt}"[:60])
    rows = await fetch(ctx, principal, filters, lang, default_period)
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row))
    columns = [Column(key=key, header=key) for key in keys] or [Column(key="empty", header="")]
    table = rows_from_dicts(columns, rows)
    name = f"phieu-{report}-{filters.agency or 'all'}"
    if fmt == "csv":
        stream = encode_stream(CsvEncoder(columns), batched(table))
    elif fmt == "json":
        stream = encode_stream(JsonEncoder(columns), batched(table))
    else:
        stream = xlsx_stream(columns, batched(table), locale=lang, sheet_name=report)
    return stream, FORMATS[fmt], f"{name}.{fmt}"
