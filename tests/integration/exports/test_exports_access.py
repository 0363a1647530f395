"""Who may export, what a bad request gets, streaming, and ``phieu export``."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from pathlib import Path

from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.exports.service import export_responses
from forms_service.exports.tables import ExportAudit
from forms_service.responses.tables import Response
from forms_service.settings import Settings
from tests.integration.conftest import SECRET, Api
from tests.integration.exports_setup import answer, export, read_csv, submit

H29 = "000.00.00.H29"


async def test_who_may_export(api: Api, province: dict[str, str]) -> None:
    await submit(api, province["portal"], answer(3, "HS-1"))
    for role in ("designer", "portal"):
        r = await export(api, province[role])
        assert r.status_code == 403 and r.json()["error"] == "forbidden", role
    await api.agency("H30", "UBND tỉnh Hưng Yên")
    r = await export(api, await api.make_key("analyst", "H30"))
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    assert "hai-long" in r.json()["message"]
    r = await api.call("GET", "/api/v1/exports/responses?form=khong-co", province["analyst"])
    assert r.status_code == 404
    r = await export(api, None)
    assert r.status_code == 401
    for key in (await api.make_key("analyst"), api.admin):  # the national office, an admin
        r = await export(api, key)
        assert r.status_code == 200 and len(read_csv(r.content)) == 1
    assert await ExportAudit.count().run() == 2  # refused requests leave no audit row


async def test_bad_parameters_are_400_with_a_way_out(api: Api, province: dict[str, str]) -> None:
    analyst = province["analyst"]
    cases = {
        "&format=pdf": "csv, xlsx hoặc jsonl",
        "&locale=fr": "vi hoặc en",
        "&since=hôm-qua": "2023-07-01",
        "&until=2023-13-45": "2023-07-01",
        "&since=2023-08-01&until=2023-07-01": "since",
        "&unmasked=maybe": "unmasked",
    }
    for query, hint in cases.items():
        r = await export(api, analyst, query)
        assert r.status_code == 400, (query, r.text)
        assert hint in r.json()["message"], (query, r.json())
    r = await export(api, analyst, "&format=pdf", headers={"Accept-Language": "en"})
    assert r.json()["message"] == "format must be csv, xlsx or jsonl."
    r = await api.call("GET", "/api/v1/exports/responses", analyst)
    assert r.status_code == 400 and "form" in r.json()["message"]
    assert await ExportAudit.count().run() == 0


async def _grow(ctx: Context, doublings: int) -> int:
    """Double the form's responses ``doublings`` times in SQL; return how many there are."""
    columns = ("form, form_version, service, agency, channel, locale, audience, submitted_at, "
               "month, answers, satisfaction_value, satisfied, nps_score, self_submitted")
    for _ in range(doublings):
        await ctx.db.raw(f"INSERT INTO response ({columns}, dossier_hash) "
                         f"SELECT {columns}, NULL FROM response")
    return int(await Response.count().run())


async def test_export_reads_batches_lazily(
    api: Api, province: dict[str, str], ctx: Context
) -> None:
    await submit(api, province["portal"], answer(3, "HS-1"), answer(1, "HS-2", "Quá lâu"))
    total = await _grow(ctx, 9)
    assert total == 1024
    analyst = Principal(key_id="lazy", role=Role.ANALYST, agency_id=None, agency_code=None)
    job = await export_responses(ctx, analyst, form="hai-long", fmt="csv", batch_size=100,
                                 count=True)
    assert job.total == total and job.rows_written == 0
    chunks = job.chunks()
    header = await anext(chunks)
    assert header.startswith(b"\xef\xbb\xbf") and header.count(b"\r\n") == 1
    assert job.rows_written == 0  # the header goes out before any row is read
    first = await anext(chunks)
    assert first.count(b"\r\n") == 100 and job.rows_written == 100
    # whatever has not been read yet (all but the batch fetched ahead) disappears now
    rows = await Response.select(Response.id).order_by(Response.id).run()
    await Response.delete().where(Response.id > rows[199]["id"]).run()
    rest = b"".join([chunk async for chunk in chunks])
    assert rest.count(b"\r\n") == 100 and job.rows_written == 200 and job.completed
    audit = await ExportAudit.select().where(ExportAudit.key_id == "lazy").first().run()
    assert audit is not None and audit["row_count"] == 200 and audit["completed"]


async def test_an_abandoned_export_stays_on_record(
    api: Api, province: dict[str, str], ctx: Context
) -> None:
    await submit(api, province["portal"], answer(1, "HS-1", "gọi 0912345678"))
    await _grow(ctx, 4)
    analyst = Principal(key_id="quitter", role=Role.ANALYST, agency_id=None, agency_code=None)
    job = await export_responses(ctx, analyst, form="hai-long", fmt="jsonl", unmasked=True,
                                 batch_size=4)
    chunks = job.chunks()
    await anext(chunks)
    await chunks.aclose()  # the client went away
    audit = await ExportAudit.select().where(ExportAudit.key_id == "quitter").first().run()
    assert audit is not None and audit["unmasked"] and not audit["completed"]
    assert audit["row_count"] == 4 and audit["finished_at"] is not None


def _cli_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHIEU_")}
    env["PHIEU_DATABASE_URL"] = settings.database_url
    env["PHIEU_SECRET_KEY"] = SECRET
    return env


async def test_cli_exports_to_a_file_with_a_count(
    api: Api, province: dict[str, str], settings: Settings, tmp_path: Path
) -> None:
    await submit(api, province["portal"], answer(3, "HS-1"), answer(1, "HS-2", "Rất lâu"))
    target = tmp_path / "hai-long.csv"
    done = subprocess.run(
        [sys.executable, "-m", "forms_service.cli", "export", "responses", "--form", "hai-long",
         "--output", str(target), "--locale", "en", "--unmasked"],
        env=_cli_env(settings), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"exported 2 responses to {target}"
    assert done.stderr == ""  # no progress bar when not on a terminal
    rows = read_csv(target.read_bytes())
    assert [row["overall (label)"] for row in rows] == ["Very satisfied", "Not satisfied"]
    assert not list(tmp_path.glob("*.partial"))
    audit = await ExportAudit.select().run()
    assert [(a["key_id"], a["unmasked"], a["row_count"]) for a in audit] == [
        (f"cli:{getpass.getuser()}", True, 2)]

    done = subprocess.run(
        [sys.executable, "-m", "forms_service.cli", "export", "responses", "--form", "nope",
         "--output", str(tmp_path / "x.csv")],
        env=_cli_env(settings), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1 and "There is no form nope." in done.stderr
    assert not (tmp_path / "x.csv").exists()


async def test_cli_shows_progress_on_a_terminal(
    api: Api, province: dict[str, str], settings: Settings, tmp_path: Path
) -> None:
    await submit(api, province["portal"], answer(2, "HS-1"))
    main, terminal = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "forms_service.cli", "export", "responses", "--form",
             "hai-long", "--format", "jsonl", "--output", "-"],
            env=_cli_env(settings), stdout=subprocess.PIPE, stderr=terminal, timeout=120,
        )
        os.close(terminal)
        shown = b""
        while True:
            try:
                data = os.read(main, 4096)
            except OSError:  # the terminal is closed once everything is read
                break
            if not data:
                break
            shown += data
    finally:
        os.close(main)
    assert done.returncode == 0
    assert done.stdout.count(b"\n") == 1 and b'"overall":2' in done.stdout
    text = shown.decode()
    assert "100% |" in text and "1/1 rows" in text
    assert "exported 1 responses to standard output" in text
