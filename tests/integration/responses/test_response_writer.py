"""The response writer under a burst: answers that arrive together are stored together.

On SQLite a burst lands in the writer thread's groups, on PostgreSQL in
the groups of the process's writer, each group one statement; either way
each answer gets its own outcome, and the rows, channels and aggregate
counts stored are those of the answers told they were stored.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
import weakref
from typing import Any

import pytest

from forms_service.context import Context
from forms_service.credentials.keyed import dossier_hash
from forms_service.db import json_value, lanes
from forms_service.db.outcomes import MAX_GROUP
from forms_service.i18n import local_month
from forms_service.reports.aggregates import COUNT_COLUMNS, KEY_COLUMNS, rebuild_aggregates
from forms_service.responses import storage
from forms_service.responses.storage import COLUMNS, Guard, write_response
from tests.integration.conftest import SECRET, Api

SNAPSHOT = (
    f"SELECT {', '.join(KEY_COLUMNS + COUNT_COLUMNS)} FROM response_aggregate "
    f"ORDER BY {', '.join(KEY_COLUMNS)}"
)


def _moment(value: Any) -> dt.datetime:
    """A stored timestamp (SQLite gives its text) as an aware datetime."""
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


async def _ids(ctx: Context) -> dict[str, Any]:
    rows = await ctx.db.raw(
        "SELECT f.id AS form, f.agency, a.code AS agency_code, f.access, "
        "v.id AS version, v.number, s.id AS service, s.code AS service_code, s.audience "
        "FROM form f JOIN agency a ON a.id = f.agency "
        "JOIN form_version v ON v.form = f.id AND v.number = f.latest_version "
        "JOIN service s ON s.agency = f.agency WHERE f.slug = {}", "hai-long")
    return dict(rows[0])


def _row(ids: dict[str, Any], dossier: str, rating: int, *,
         version: int | None = None) -> dict[str, Any]:
    now = dt.datetime.now(dt.UTC)
    return {
        "form": ids["form"], "form_version": version or ids["version"],
        "service": ids["service"], "agency": ids["agency"],
        "dossier_hash": dossier_hash(SECRET, ids["agency_code"], dossier),
        "channel": "web", "locale": "vi", "audience": ids["audience"],
        "submitted_at": now, "month": local_month(now),
        "answers": f'{{"overall": {rating}}}', "satisfaction_value": rating,
        "satisfied": rating >= 4, "nps_score": None, "self_submitted": None,
        "unit": None, "counter": None, "officer": None,
    }


def _guard(ids: dict[str, Any], *, access: str | None = None) -> Guard:
    return Guard(form=ids["form"], agency=ids["agency"], agency_code=ids["agency_code"],
                 version_number=ids["number"], access=access or ids["access"],
                 service=(ids["service"], ids["service_code"], ids["audience"] or ""))


Call = tuple[str, dict[str, Any], list[str], Guard | None]


async def _send(ctx: Context, calls: list[Call]) -> list[Any]:
    """Every call at once (they queue for the same groups), each with its own outcome."""
    return await asyncio.gather(
        *(write_response(ctx.db, row, channels, guard) for _, row, channels, guard in calls),
        return_exceptions=True)


async def _check_stored(ctx: Context, ids: dict[str, Any], calls: list[Call],
                        outcomes: list[Any]) -> None:
    """The rows, channels and counts stored are exactly those of the answers told stored."""
    told = {o: call for call, o in zip(calls, outcomes, strict=True)
            if o is not None and not isinstance(o, BaseException)}
    rows = await ctx.db.raw(f"SELECT id, {', '.join(COLUMNS)} FROM response")
    assert {row["id"] for row in rows} == set(told)
    for row in rows:  # each id names the row of its own answer, stored as sent
        _, sent, _, _ = told[row["id"]]
        stored = {**row, "answers": json_value(row["answers"]),
                  "submitted_at": _moment(row["submitted_at"])}
        assert {c: stored[c] for c in COLUMNS} == {
            **sent, "answers": json_value(sent["answers"])}
    channels = await ctx.db.raw("SELECT response, form, channel FROM response_channel")
    assert sorted((r["response"], r["form"], r["channel"]) for r in channels) == sorted(
        (response, ids["form"], c) for response, (_, _, sent, _) in told.items() for c in sent)
    incremental = await ctx.db.raw(SNAPSHOT)
    assert sum(r["responses"] for r in incremental if r["span"] == "month") == len(rows)
    await rebuild_aggregates(ctx.db)
    assert await ctx.db.raw(SNAPSHOT) == incremental


async def test_a_burst_gets_one_outcome_each_and_stores_exactly_those(
    api: Api, province: dict[str, str], ctx: Context
) -> None:
    ids = await _ids(ctx)
    earlier: Call = ("old", _row(ids, "HS-OLD", 5), ["zalo"], None)
    first = await _send(ctx, [earlier])
    assert isinstance(first[0], int)

    # more answers than one group holds: new dossiers (some with channels,
    # some guarded), the dossier answered before, one dossier twice in the
    # burst, and a guard that no longer holds
    calls: list[Call] = [
        (f"new-{i}", _row(ids, f"HS-{i:03d}", 1 + i % 5),
         ["tv", "zalo"] if i % 4 == 0 else [], _guard(ids) if i % 3 == 0 else None)
        for i in range(MAX_GROUP + 20)]
    calls += [
        ("old", _row(ids, "HS-OLD", 1), [], None),
        ("twice", _row(ids, "HS-TWICE", 4), ["tv"], None),
        ("twice", _row(ids, "HS-TWICE", 2), [], _guard(ids)),
        ("stale", _row(ids, "HS-STALE", 5), ["tv"], _guard(ids, access="open")),
    ]
    outcomes = await _send(ctx, calls)
    assert not [o for o in outcomes if isinstance(o, BaseException)]
    stored = [name for (name, *_), o in zip(calls, outcomes, strict=True) if o is not None]
    assert sorted(stored) == sorted([f"new-{i}" for i in range(MAX_GROUP + 20)] + ["twice"])
    await _check_stored(ctx, ids, [earlier, *calls], [*first, *outcomes])


async def test_a_failing_answer_fails_alone_in_its_burst(
    api: Api, province: dict[str, str], ctx: Context
) -> None:
    ids = await _ids(ctx)
    calls: list[Call] = [
        (f"new-{i}", _row(ids, f"HS-{i:03d}", 1 + i % 5), ["tv"] if i % 2 else [], None)
        for i in range(20)]
    # a version that does not exist: its insert breaks a foreign key
    calls.insert(7, ("broken", _row(ids, "HS-BROKEN", 5, version=ids["version"] + 999),
                     ["tv"], None))
    calls.insert(12, ("twice", _row(ids, "HS-003", 2), ["zalo"], None))
    outcomes = await _send(ctx, calls)
    for (name, *_), outcome in zip(calls, outcomes, strict=True):
        if name == "broken":
            assert isinstance(outcome, Exception)
        else:
            assert not isinstance(outcome, BaseException), (name, outcome)
    assert sum(o is None for o in outcomes) == 1  # HS-003 answered once
    await _check_stored(ctx, ids, calls, [
        None if isinstance(o, BaseException) else o for o in outcomes])


async def test_bursts_one_after_another_are_all_answered(
    api: Api, province: dict[str, str], ctx: Context
) -> None:
    """Each burst arrives as the groups of the one before finish: none is left waiting."""
    ids = await _ids(ctx)
    sent = 0
    for burst in range(60):
        size = 1 + burst % 9
        calls: list[Call] = [
            (f"b{burst}-{i}", _row(ids, f"HS-{burst}-{i}", 1 + i % 5), [], None)
            for i in range(size)]
        outcomes = await asyncio.wait_for(_send(ctx, calls), timeout=20)
        assert all(isinstance(o, int) for o in outcomes), outcomes
        sent += size
    rows = await ctx.db.raw("SELECT COUNT(*) AS n FROM response")
    assert rows[0]["n"] == sent


async def test_a_sqlite_build_with_few_bound_values_gets_the_group_in_parts(
    api: Api, province: dict[str, str], ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where SQLite takes fewer bound values per statement than a group has, the
    group is stored a few responses per statement, each outcome still its own."""
    if not ctx.db.is_sqlite:
        pytest.skip("SQLite's writer thread")
    prepare = storage._prepare_writer

    def few_values(connection: sqlite3.Connection) -> None:
        connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER,
                            5 * len(storage._GROUP_COLUMNS) + 3)
        prepare(connection)

    monkeypatch.setattr(storage, "_prepare_writer", few_values)
    monkeypatch.setattr(lanes, "_lanes", weakref.WeakKeyDictionary())  # a new writer thread
    ids = await _ids(ctx)
    calls: list[Call] = [
        (f"new-{i}", _row(ids, f"HS-{i:03d}", 1 + i % 5), ["tv"] if i % 3 == 0 else [],
         _guard(ids) if i % 2 else None)
        for i in range(23)]
    calls.append(("twice", _row(ids, "HS-004", 3), ["zalo"], None))
    outcomes = await _send(ctx, calls)
    assert not [o for o in outcomes if isinstance(o, BaseException)]
    assert outcomes[-1] is None and all(isinstance(o, int) for o in outcomes[:-1])
    await _check_stored(ctx, ids, calls, outcomes)
