"""``phieu serve`` writes its log as JSON lines, with request ids and without
forwarded addresses taken from anyone."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.integration.commands.test_cli import free_port, phieu


def test_serve_logs_json_lines_with_the_request_id(env: dict[str, str], tmp_path: Path) -> None:
    phieu("migrate", env=env, cwd=tmp_path)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "forms_service.cli", "serve", "--port", str(port)],
        env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        page = httpx.get(f"{base}/sign-in")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        forged = 'nobody@x.vn\n{"level": "info", "message": "forged"}'
        # the form token's cookie is Secure: sent here by hand over plain http
        cookie = "; ".join(f"{name}={value}" for name, value in page.cookies.items())
        r = httpx.post(f"{base}/sign-in", headers={
            "Cookie": cookie, "X-Request-ID": "req-42", "X-Forwarded-For": "198.51.100.77"},
            data={"csrf_token": token, "email": forged, "action": "link"})
        assert r.status_code == 200, r.text
        assert r.headers["x-request-id"] == "req-42"
    finally:
        process.terminate()
        _, err = process.communicate(timeout=15)
    lines = [line for line in err.splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all(isinstance(entry, dict) and "level" in entry for entry in entries)
    asked = [e for e in entries if e.get("event") == "sign_in_link_refused"]
    assert asked and asked[0]["request_id"] == "req-42"
    assert not any(e.get("message") == "forged" for e in entries)
    assert "nobody@x.vn" not in err and "198.51.100.77" not in err
