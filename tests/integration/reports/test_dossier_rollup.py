"""The roll-up the dossier reports read equals the monthly counts, however they change."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from forms_service.context import Context
from forms_service.dossiers.aggregates import rebuild
from tests.integration.conftest import Api
from tests.integration.dossier_reports_setup import S2, dossier_fixture, untie_units
from tests.integration.reports_setup import H29, get

COUNTS = ("returned", "offered", "opened", "answered", "on_time", "late", "answered_rated",
          "answered_satisfied")
MEMBERS = {"service": "service", "unit": "unit", "officer": "officer", "channel": "channel"}


@pytest.fixture
async def fixture(api: Api) -> AsyncIterator[dict]:
    yield await dossier_fixture(api)
    await untie_units()


async def _expected(ctx: Context) -> dict[tuple[Any, ...], tuple[int, ...]]:
    """What the roll-up should hold, summed straight from dossier_month."""
    out: dict[tuple[Any, ...], tuple[int, ...]] = {}
    sums = ", ".join(f"SUM({c}) AS {c}" for c in COUNTS)
    for dim, column in MEMBERS.items():
        for span, period in (("month", "month"), ("year", "substr(month, 1, 4)")):
            null = f" WHERE {column} IS NOT NULL" if dim in ("unit", "officer") else ""
            for row in await ctx.db.raw(
                    f"SELECT agency, {column} AS member, {period} AS period, {sums} "
                    f"FROM dossier_month{null} GROUP BY agency, {column}, {period}"):
                counts = tuple(int(row[c]) for c in COUNTS)
                if any(counts):
                    out[(row["agency"], dim, str(row["member"]), span, row["period"])] = counts
    return out


async def _rollup(ctx: Context) -> dict[tuple[Any, ...], tuple[int, ...]]:
    out = {}
    for row in await ctx.db.raw(f"SELECT agency, dimension, member, channel, span, period, "
                                f"{', '.join(COUNTS)} FROM dossier_rollup"):
        counts = tuple(int(row[c]) for c in COUNTS)
        if any(counts):  # rows taken back to zero stay, empty
            member = row["channel"] if row["dimension"] == "channel" else str(row["member"])
            out[(row["agency"], row["dimension"], member, row["span"], row["period"])] = counts
    return out


def _event(n: str, status: str, at: str, **extra: Any) -> dict[str, Any]:
    return {"system": "motcua", "event_id": f"e-{n}-{status}-{at}", "dossier": f"HS-{n}",
            "service": S2, "status": status, "at": at, "channel": "online",
            "received_at": "2026-05-02T08:00:00+07:00", "due_at": "2026-05-09T17:00:00+07:00",
            **extra}


async def test_rollup_follows_events_answers_and_rebuilds(
        api: Api, ctx: Context, fixture: dict) -> None:
    assert await _rollup(ctx) == await _expected(ctx)  # the fixture's rows
    integration = fixture["keys"]["integration"]
    events = [
        _event("1", "returned", "2026-05-08T10:00:00+07:00", unit="XA-B", officer="CB02",
               returned_at="2026-05-08T10:00:00+07:00", submitted_by="self"),
        _event("2", "returned", "2026-05-12T10:00:00+07:00", unit="TTPVHCC", officer="CB01",
               returned_at="2026-05-12T10:00:00+07:00", channel="in_person"),
        _event("3", "received", "2026-05-02T08:00:00+07:00", unit="XA-B"),
    ]
    r = await api.call("POST", "/api/v1/dossier-events", integration, json={"events": events})
    assert r.status_code == 200 and r.json()["stored"] == 3, r.text
    assert await _rollup(ctx) == await _expected(ctx)
    # dossier 1 moves to another unit and officer, returned a month later: its counts move
    later = _event("1", "returned", "2026-06-03T10:00:00+07:00", unit="TTPVHCC",
                   officer="CB01", returned_at="2026-06-03T10:00:00+07:00")
    r = await api.call("POST", "/api/v1/dossier-events", integration, json={"events": [later]})
    assert r.status_code == 200 and r.json()["stored"] == 1, r.text
    assert await _rollup(ctx) == await _expected(ctx)
    rows = (await get(api, fixture["keys"]["analyst"], "/api/v1/analytics/response-rates",
                      group_by="unit", period="2026-06"))["rows"]
    assert [(r["key"], r["returned"]) for r in rows] == [(f"{H29}/TTPVHCC", 1)]
    await rebuild(ctx.db)  # the events' dossiers alone: the fixture's hand-made rows go
    assert await _rollup(ctx) == await _expected(ctx)
    body = await get(api, fixture["keys"]["analyst"], "/api/v1/analytics/response-rates",
                     group_by="channel")
    assert {r["key"]: r["returned"] for r in body["rows"]} == {
        f"{H29}/in_person": 1, f"{H29}/online": 1}
