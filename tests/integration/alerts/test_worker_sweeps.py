"""``phieu worker`` runs the alert sweeps: a case left unannounced and a digest due go
out through a real SMTP server, once, however often the worker runs."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from tests.integration.commands.test_cli import phieu
from tests.integration.outbox.smtp_server import self_signed, start_server


def test_the_worker_sends_the_alerts_it_finds(env: dict[str, str], tmp_path: Path) -> None:
    controller, inbox = start_server("plain", *self_signed(tmp_path))
    env = {**env, "PHIEU_SMTP_URL": f"smtp+plain://127.0.0.1:{controller.port}",
           "PHIEU_SMTP_FROM": "Phiếu <khaosat@haiduong.gov.vn>",
           "PHIEU_PUBLIC_URL": "https://phieu.haiduong.gov.vn"}
    try:
        phieu("migrate", env=env, cwd=tmp_path)
        phieu("agencies", "create", "--code", "H29", "--name", "UBND tỉnh Hải Dương",
              "--kind", "province", env=env, cwd=tmp_path)
        for email in ("chi@haiduong.gov.vn", "an@haiduong.gov.vn"):
            phieu("people", "create", "--email", email, "--name", "Cán bộ", "--role",
                  "analyst", "--agency", "H29", "--link-only", env=env, cwd=tmp_path)
        path = env["PHIEU_DATABASE_URL"].removeprefix("sqlite:///")
        with sqlite3.connect(path) as db:
            people = dict(db.execute("SELECT email, id FROM person"))
            db.execute("UPDATE person SET locale = 'en' WHERE email = 'an@haiduong.gov.vn'")
            db.execute("INSERT INTO alert_preference (person, case_alerts, digest, updated_at) "
                       "VALUES (?, 1, 'daily', CURRENT_TIMESTAMP)",
                       (people["chi@haiduong.gov.vn"],))
            db.execute("INSERT INTO alert_preference (person, case_alerts, digest, updated_at) "
                       "VALUES (?, 0, 'none', CURRENT_TIMESTAMP)",
                       (people["an@haiduong.gov.vn"],))
            [(agency,)] = db.execute("SELECT id FROM agency")
            db.execute("INSERT INTO form (slug, agency, status, access) "
                       "VALUES ('hai-long', ?, 'published', 'token')", (agency,))
            [(form,)] = db.execute("SELECT id FROM form")
            today = dt.date.today().isoformat()
            # a case whose alert was never queued (the process stopped in between)
            db.execute("INSERT INTO feedback_case (agency, form, reasons, state, opened_at, "
                       "acknowledge_due, respond_due, reopened, updated_at) VALUES "
                       "(?, ?, 'not_satisfied', 'new', CURRENT_TIMESTAMP, ?, ?, 0, "
                       "CURRENT_TIMESTAMP)", (agency, form, today, today))
        result = phieu("worker", "--once", env=env, cwd=tmp_path)
        assert "2 sent" in result.stderr, result.stderr
        again = phieu("worker", "--once", env=env, cwd=tmp_path)
        assert "nothing was due" in again.stderr, again.stderr
    finally:
        controller.stop()
    assert [m["To"] for m in inbox.messages] == ["chi@haiduong.gov.vn"] * 2
    subjects = sorted(m["Subject"] for m in inbox.messages)
    assert subjects[0].startswith("Bản tin hằng ngày của UBND tỉnh Hải Dương: ")
    assert subjects[1] == "Vụ việc mới số 1: không nêu dịch vụ"
    alert = next(m for m in inbox.messages if m["Subject"].startswith("Vụ việc"))
    assert "https://phieu.haiduong.gov.vn/cases/1" in alert.get_body(("plain",)).get_content()
