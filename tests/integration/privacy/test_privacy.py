"""Privacy: no client address stored, dossiers only as keyed hashes, retention purge."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import json
import re
from typing import Any

import httpx
import pytest
from litestar import Litestar

from forms_service.cli import main
from forms_service.piccolo_app import TABLES
from forms_service.privacy import cutoff_month, purge_responses
from forms_service.reports.aggregates import rebuild_aggregates
from forms_service.responses.tables import Response, ResponseChannel
from forms_service.settings import Settings, SettingsError
from tests.integration.conftest import SECRET, Api
from tests.integration.embed_setup import H29, SERVICE, hidden_fields, portal_key

CLIENT = "203.0.113.77"
DOSSIER = "000.00.00.H29-261122-0042"
ANSWERS = {"heard_from": ["tv", "zalo"], "submission": "self", "overall": "4"}


async def _everything_stored(api: Api) -> str:
    """Every row of every table, as one text."""
    rows: dict[str, Any] = {}
    for table in TABLES:
        name = table._meta.tablename
        rows[name] = await api.ctx.db.raw(f'SELECT * FROM "{name}"')
    return json.dumps(rows, default=str, ensure_ascii=False)


async def test_no_client_address_is_stored(app: Litestar, api: Api,
                                           province: dict[str, str]) -> None:
    await api.published_form(province["designer"], "truyen-thong", template="communication",
                             access="open")
    portal = await portal_key(api)
    transport = httpx.ASGITransport(app=app, client=(CLIENT, 40123))
    headers = {"X-Forwarded-For": CLIENT, "X-Real-IP": CLIENT}
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver",
                                 headers=headers) as citizen:
        page = await citizen.get("/f/truyen-thong")
        r = await citizen.post("/f/truyen-thong", data=hidden_fields(page.text) | ANSWERS)
        assert r.status_code == 303, r.text
        r = await citizen.post("/f/hai-long", data={"_t": portal.token(), "overall": "1",
                                                    "reason": "chờ lâu"})
        assert r.status_code == 303, r.text
        r = await citizen.post("/api/v1/responses", json={
            "form": "hai-long", "service": SERVICE, "dossier": "HS-API-1",
            "answers": {"overall": 3}}, headers={"Authorization": f"Bearer {province['portal']}"})
        assert r.status_code == 201, r.text
    assert await Response.count().run() == 3
    stored = await _everything_stored(api)
    assert CLIENT not in stored
    assert CLIENT.replace(".", "") not in stored
    columns = {column._meta.db_column_name for table in TABLES for column in table._meta.columns}
    suspicious = {c for c in columns if c in {"ip", "ip_address", "client", "client_address",
                                              "remote_addr", "user_agent"}}
    assert not suspicious, suspicious


async def test_dossier_references_are_stored_only_as_keyed_hashes(
    api: Api, province: dict[str, str]
) -> None:
    r = await api.call("POST", "/api/v1/responses", province["portal"], json={
        "form": "hai-long", "service": SERVICE, "dossier": DOSSIER, "answers": {"overall": 2}})
    assert r.status_code == 201, r.text
    portal = await portal_key(api)
    page_dossier = "000.00.00.H29-261122-0043"
    r = await api.client.post("/f/hai-long", data={"_t": portal.token(dossier=page_dossier),
                                                   "overall": "3"})
    assert r.status_code == 303
    stored = await _everything_stored(api)
    for reference in (DOSSIER, page_dossier, "261122-0042", "261122-0043"):
        assert reference not in stored
    hashes = {row["dossier_hash"] for row in await Response.select(Response.dossier_hash).run()}

    def keyed(reference: str) -> str:
        message = f"{H29}\x1f{reference}".encode()
        return hmac.new(SECRET.encode(), message, hashlib.sha256).hexdigest()

    assert hashes == {keyed(DOSSIER), keyed(page_dossier)}
    # not a plain digest that anyone could recompute from a guessed reference
    assert hashlib.sha256(DOSSIER.encode()).hexdigest() not in hashes


# ------------------------------------------------------------ retention


def test_cutoff_month_counts_the_current_month() -> None:
    now = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)
    assert cutoff_month(1, now) == "2026-11"
    assert cutoff_month(2, now) == "2026-10"
    assert cutoff_month(11, now) == "2026-01"
    assert cutoff_month(12, now) == "2025-12"
    assert cutoff_month(24, now) == "2024-12"
    # 31 December 20:00 UTC is already January in Vietnam (UTC+7)
    assert cutoff_month(1, dt.datetime(2026, 12, 31, 20, tzinfo=dt.UTC)) == "2027-01"
    with pytest.raises(ValueError):
        cutoff_month(0, now)


def test_retention_setting() -> None:
    base = {"PHIEU_SECRET_KEY": SECRET}
    assert Settings.from_env(base).retention_months is None
    assert Settings.from_env(base | {"PHIEU_RETENTION_MONTHS": ""}).retention_months is None
    assert Settings.from_env(base | {"PHIEU_RETENTION_MONTHS": "24"}).retention_months == 24
    for bad in ("0", "-3", "two years"):
        with pytest.raises(SettingsError, match="PHIEU_RETENTION_MONTHS"):
            Settings.from_env(base | {"PHIEU_RETENTION_MONTHS": bad})


async def _age(month: str, ids: list[int], api: Api) -> None:
    """Move responses back to ``month`` (as if submitted then)."""
    moment = dt.datetime.fromisoformat(f"{month}-15T03:00:00+00:00")
    for response_id in ids:
        await Response.update({Response.month: month, Response.submitted_at: moment}).where(
            Response.id == response_id).run()


async def _aggregates(api: Api) -> list[dict[str, Any]]:
    rows = await api.ctx.db.raw("SELECT * FROM response_aggregate")
    for row in rows:
        del row["id"]  # a rebuild renumbers the rows
    return sorted(rows, key=lambda row: tuple(str(v) for v in row.values()))


async def _reports(api: Api, key: str) -> list[dict[str, Any]]:
    out = []
    for path in ("/api/v1/analytics/satisfaction?group_by=service,month&min_n=1",
                 "/api/v1/analytics/satisfaction?group_by=form,year&min_n=1",
                 "/api/v1/analytics/satisfaction?group_by=agency&period=2024&min_n=1"):
        r = await api.call("GET", path, key)
        assert r.status_code == 200, r.text
        out.append(r.json())
    return out


async def test_purge_deletes_old_raw_answers_and_keeps_the_reports(
    api: Api, province: dict[str, str]
) -> None:
    await api.published_form(province["designer"], "truyen-thong", template="communication",
                             access="open")
    ids = []
    for n, overall in enumerate((3, 2, 1, 3, 1, 2, 3, 3)):
        r = await api.call("POST", "/api/v1/responses", province["portal"], json={
            "form": "hai-long", "service": SERVICE, "dossier": f"HS-{n}",
            "answers": {"overall": overall} | ({"reason": "số 0912 345 678 gọi mãi không được"}
                                                if overall == 1 else {})})
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    for _ in range(3):
        page = await api.client.get("/f/truyen-thong")
        r = await api.client.post("/f/truyen-thong", data=hidden_fields(page.text) | ANSWERS,
                                  headers={"Accept": "application/json"})
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    # three ages: two years ago, last year, this month
    now = dt.datetime.now(dt.UTC)
    old, older = cutoff_month(13, now), cutoff_month(30, now)
    await _age(older, ids[:3] + ids[8:10], api)
    await _age(old, ids[3:6], api)
    await rebuild_aggregates(api.ctx.db)  # the aggregates as if those months had been lived
    aggregates_before = await _aggregates(api)
    reports_before = await _reports(api, province["analyst"])
    assert await ResponseChannel.count().run() == 6

    result = await purge_responses(api.ctx, 12)
    assert (result.responses, result.channels) == (8, 4)
    assert result.before == cutoff_month(12, now)
    kept = sorted(row["id"] for row in await Response.select(Response.id).run())
    assert kept == sorted(ids[6:8] + ids[10:])
    assert await ResponseChannel.count().run() == 2
    stored = await _everything_stored(api)
    assert "0912 345 678" not in stored  # the free text went with its response
    assert await _aggregates(api) == aggregates_before
    assert await _reports(api, province["analyst"]) == reports_before
    # a rebuild from the remaining raw rows keeps the purged months' counts
    await rebuild_aggregates(api.ctx.db)
    assert await _aggregates(api) == aggregates_before
    # purging again finds nothing more
    again = await purge_responses(api.ctx, 12)
    assert (again.responses, again.channels) == (0, 0)


async def test_purge_in_small_batches_deletes_every_old_row(
    api: Api, province: dict[str, str]
) -> None:
    ids = []
    for n in range(7):
        r = await api.call("POST", "/api/v1/responses", province["portal"], json={
            "form": "hai-long", "service": SERVICE, "dossier": f"HS-B{n}",
            "answers": {"overall": 2}})
        ids.append(r.json()["id"])
    await _age("2020-03", ids[1::2], api)
    result = await purge_responses(api.ctx, 1, batch=2)
    assert result.responses == 3
    assert sorted(r["id"] for r in await Response.select(Response.id).run()) == ids[0::2]


def test_purge_command(env: dict[str, str], monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture[str]) -> None:
    for name, value in env.items():
        if name.startswith("PHIEU_"):
            monkeypatch.setenv(name, value)
    monkeypatch.delenv("PHIEU_RETENTION_MONTHS", raising=False)
    assert main(["purge"]) == 2
    assert "PHIEU_RETENTION_MONTHS" in capsys.readouterr().err
    monkeypatch.setenv("PHIEU_RETENTION_MONTHS", "24")
    assert main(["purge"]) == 0
    assert "purged 0 responses" in capsys.readouterr().out
    assert main(["purge", "--months", "6"]) == 0
    assert "aggregates kept" in capsys.readouterr().out


def test_the_readme_says_what_every_table_holds() -> None:
    from pathlib import Path

    text = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Privacy\n", 1)[1].split("\n## ", 1)[0]
    described = set(re.findall(r"^\| ([^|]+) \|", section, re.M))
    names = {name.strip(" `") for cell in described for name in cell.split(",")}
    missing = sorted(t._meta.tablename for t in TABLES if t._meta.tablename not in names)
    assert not missing, f"add these tables to the README's Privacy table: {missing}"


async def test_the_service_purges_at_start_when_retention_is_set(
    app: Litestar, api: Api, province: dict[str, str]
) -> None:
    from forms_service.privacy.schedule import RetentionPurger

    assert any(isinstance(getattr(hook, "__self__", None), RetentionPurger)
               for hook in app.on_startup)
    ids = []
    for n in range(4):
        r = await api.call("POST", "/api/v1/responses", province["portal"], json={
            "form": "hai-long", "service": SERVICE, "dossier": f"HS-S{n}",
            "answers": {"overall": 3}})
        ids.append(r.json()["id"])
    await _age("2021-06", ids[:2], api)
    idle = RetentionPurger(api.ctx)
    await idle.start()  # retention unset: nothing runs
    assert idle._task is None
    api.ctx.settings = api.ctx.settings.with_(retention_months=6)
    purger = RetentionPurger(api.ctx, interval=3600)
    await purger.start()
    try:
        for _ in range(100):
            if await Response.count().run() == 2:
                break
            await asyncio.sleep(0.05)
    finally:
        await purger.stop()
    assert sorted(r["id"] for r in await Response.select(Response.id).run()) == ids[2:]


async def test_purge_drops_webhook_deliveries_older_than_the_months_kept(
    api: Api, province: dict[str, str]
) -> None:
    # a delivery keeps its body for replay; masked free text may be in it
    [agency] = await api.ctx.db.raw("SELECT id FROM agency WHERE code = {}", "000.00.00.H29")
    [endpoint] = await api.ctx.db.raw(
        "INSERT INTO webhook_endpoint (agency, url, events, free_text, description, "
        "secret_sealed, created_at) VALUES ({}, {}, {}, {}, {}, {}, CURRENT_TIMESTAMP) "
        "RETURNING id", agency["id"], "https://hooks.example.vn/phieu", '["response.created"]',
        True, "", "sealed")
    for key in ("old", "new"):
        await api.ctx.db.raw(
            "INSERT INTO webhook_delivery (endpoint, agency, event_type, webhook_id, "
            "outbox_key, body_sealed, created_at) VALUES ({}, {}, {}, {}, {}, {}, "
            "CURRENT_TIMESTAMP)", endpoint["id"], agency["id"], "response.created",
            f"msg_{key}", f"wh_{key}", "sealed")
    two_years_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=730)
    await api.ctx.db.raw(
        "UPDATE webhook_delivery SET created_at = {} WHERE webhook_id = 'msg_old'",
        two_years_ago.strftime("%Y-%m-%d %H:%M:%S") if api.ctx.db.is_sqlite
        else two_years_ago)
    result = await purge_responses(api.ctx, 12)
    assert result.deliveries == 1
    left = await api.ctx.db.raw("SELECT webhook_id FROM webhook_delivery")
    assert [row["webhook_id"] for row in left] == ["msg_new"]
