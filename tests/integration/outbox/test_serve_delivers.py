"""``phieu serve`` delivers the outbox by itself: a sign-in link asked for on the
sign-in page arrives by e-mail at a real SMTP server (STARTTLS and a login)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.integration.commands.test_cli import free_port, phieu
from tests.integration.outbox.smtp_server import PASSWORD, USER, self_signed, start_server

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_sign_in_link_goes_out_by_mail(env: dict[str, str], tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    controller, inbox = start_server("starttls", cert, key)
    env = {**env, "PHIEU_SMTP_URL": f"smtp://{USER}:{PASSWORD}@127.0.0.1:{controller.port}",
           "PHIEU_SMTP_CA_FILE": str(cert), "PHIEU_SMTP_FROM": "Phiếu <khaosat@haiduong.gov.vn>"}
    phieu("people", "create", "--email", "chi@haiduong.gov.vn", "--name", "Nguyễn Thị Chi",
          "--role", "admin", "--password", "mat-khau-dai-du", env=env, cwd=tmp_path)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "forms_service.cli", "serve", "--port", str(port)],
        env={**env, "PHIEU_PUBLIC_URL": f"http://127.0.0.1:{port}"}, cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        page = httpx.get(f"{base}/sign-in")
        cookie = page.headers["set-cookie"].split(";")[0]
        token = CSRF.search(page.text)
        assert token, page.text
        r = httpx.post(f"{base}/sign-in", headers={"Cookie": cookie}, data={
            "csrf_token": token.group(1), "email": "chi@haiduong.gov.vn", "action": "link"})
        assert r.status_code == 200, r.text
        deadline = time.monotonic() + 20
        while not inbox.messages and time.monotonic() < deadline:
            time.sleep(0.1)
        [message] = inbox.messages
        assert message["To"] == "chi@haiduong.gov.vn"
        assert message["Subject"] == "Liên kết đăng nhập Phiếu của Ông/Bà"
        text = message.get_body(("plain",)).get_content()
        link = re.search(rf"{re.escape(base)}/sign-in/link/([A-Za-z0-9_-]+)", text)
        assert link, text
        html = message.get_body(("html",)).get_content()
        assert f'<a href="{link.group(0)}">' in html
        assert httpx.get(link.group(0)).status_code == 200
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
        controller.stop()
    assert link.group(1) not in output  # the link is mailed, not logged
    assert "queued by e-mail" in output
