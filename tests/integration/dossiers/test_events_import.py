"""Back-fills from files: ``phieu events import`` and ``phieu units|counters|officers
import``, in-process on the test database and as a real command."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path

from forms_service.commands import with_database
from forms_service.context import Context
from forms_service.dossiers.cli import import_file
from forms_service.settings import Settings
from tests.integration.commands.test_cli import phieu
from tests.integration.conftest import CLI_SECRET, Api
from tests.integration.dossiers_setup import AGENCY, DOSSIER_STATE, organisation, table

NATIONAL_CSV = (
    "MaHoSo,MaTTHC,TrangThaiHoSo,NgayTiepNhan,NgayHenTra,NgayTra,DonViXuLy,NguoiXuLy,KENH\n"
    "H29.1-250304-0001,1.001193,2,20250304083000,20250307170000,,TTHCC,CB01,1\n"
    "H29.1-250304-0001,1.001193,10,20250304083000,20250307170000,20250306150000,TTHCC,CB01,1\n"
    "H29.1-250304-0002,1.001193,10,20250304090000,20250305170000,20250306100000,XA-AN,CB02,"
    "Trực tuyến\n"
    "H29.1-250304-0003,1.001193,99,20250304090000,,,XA-AN,CB02,1\n"
    "H29.1-250304-0004,1.001193,2,20250304090000,,,XA-AN,CB02,fax\n"
    "H29.1-250304-0005,9.999999,2,20250304090000,,,XA-AN,CB02,2\n"
)


async def test_a_national_csv_and_english_json_lines_import_and_resume(
        api: Api, province: dict[str, str], tmp_path: Path) -> None:
    await organisation(api, province["designer"])
    national = tmp_path / "motcua.csv"
    national.write_text(NATIONAL_CSV, encoding="utf-8")
    errors = io.StringIO()
    counts = await import_file(api.ctx, national, agency=AGENCY, system="motcua",
                               batch_size=2, locale="en", errors=errors)
    assert counts == {"stored": 3, "duplicate": 0, "error": 3}
    rejected = [json.loads(line) for line in errors.getvalue().splitlines()]
    assert sorted((r["line"], r["field"]) for r in rejected) == [
        (5, "TrangThaiHoSo"), (6, "KENH"), (7, "service")]
    assert all(r["message"] for r in rejected)
    states = await table(api, DOSSIER_STATE)
    assert sorted((s["status"], s["channel"], bool(s["on_time"])) for s in states) == [
        ("returned", "in_person", True), ("returned", "online", False)]
    # resumed: everything stored is skipped, nothing changes
    again = await import_file(api.ctx, national, agency=AGENCY, system="motcua")
    assert again == {"stored": 0, "duplicate": 3, "error": 3}
    assert await table(api, DOSSIER_STATE) == states
    lines = tmp_path / "events.jsonl"
    lines.write_text("\n".join([
        json.dumps({"event_id": "J1", "dossier": "HS-J", "service": "1.001193",
                    "status": "received", "at": "2025-04-01T08:00:00+07:00",
                    "channel": "postal"}),
        "not json",
        json.dumps({"system": "khac", "event_id": "J1", "dossier": "HS-J",
                    "service": "1.001193", "status": "returned",
                    "at": "2025-04-03T08:00:00+07:00", "channel": "postal"}),
    ]) + "\n", encoding="utf-8")
    counts = await import_file(api.ctx, lines, agency=AGENCY, system="motcua")
    assert counts == {"stored": 2, "duplicate": 0, "error": 1}
    systems = await table(api, "SELECT system FROM dossier_event WHERE event_id = 'J1' "
                          "ORDER BY system")
    assert [s["system"] for s in systems] == ["khac", "motcua"]


def test_the_commands_import_the_organisation_and_events(
        env: dict[str, str], tmp_path: Path) -> None:
    settings = Settings(database_url=env["PHIEU_DATABASE_URL"], secret_key=CLI_SECRET)

    async def prepare(ctx: Context) -> None:
        from forms_service.agencies.service import create_agency
        from forms_service.catalogue.tables import Service

        row = await create_agency(ctx, None, code=AGENCY, name="UBND tỉnh", kind="province")
        await Service.insert(Service(code="1.001193", name="Thủ tục", agency=row["id"],
                                     audience="citizen", delivery="full_online")).run()

    asyncio.run(with_database(settings, prepare))
    units = tmp_path / "units.csv"
    units.write_text("code;name;kind\nTTHCC;Trung tâm;centre\nXA-AN;Xã An Bình;commune\n"
                     "XA-LOI;Xã lỗi;village\n", encoding="utf-8")
    run = phieu("units", "import", str(units), "--agency", AGENCY, "--locale", "en",
                env=env, cwd=tmp_path, check=False)
    assert run.returncode == 1
    assert "2 created, 0 updated, 1 rejected." in run.stdout
    assert "3: kind:" in run.stderr
    officers = tmp_path / "officers.json"
    officers.write_text(json.dumps([{"code": "CB01", "name": "Nguyễn Văn An", "unit": "TTHCC"},
                                    {"code": "CB02", "name": "Trần Thị Bình"}]),
                        encoding="utf-8")
    run = phieu("officers", "import", str(officers), "--agency", AGENCY, "--locale", "en",
                env=env, cwd=tmp_path)
    assert "2 created, 0 updated, 0 rejected." in run.stdout
    events = tmp_path / "motcua.csv"
    events.write_text(NATIONAL_CSV, encoding="utf-8")
    run = phieu("events", "import", str(events), "--agency", AGENCY, "--locale", "en",
                "--errors", "-", env=env, cwd=tmp_path, check=False)
    assert "3 stored, 0 already known, 3 rejected." in run.stdout, run.stdout + run.stderr
    assert run.returncode == 1 and '"line": 5' in run.stderr
    run = phieu("events", "import", str(events), "--agency", AGENCY, "--locale", "vi",
                env=env, cwd=tmp_path, check=False)
    assert "Đã lưu 0, đã có từ trước 3, bị từ chối 3." in run.stdout
    run = phieu("aggregates", "rebuild", env=env, cwd=tmp_path)
    assert "rebuilt 2 dossier_month row(s)" in run.stdout
