"""``phieu people create/link/deactivate`` as real processes, and the link they
print opening a session on the app."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path

import httpx

from forms_service.app import create_app
from forms_service.settings import Settings


def phieu(*args: str, env: dict[str, str], cwd: Path,
          stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "forms_service.cli", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120, input=stdin)


def _agency(env: dict[str, str], cwd: Path) -> None:
    r = phieu("agencies", "create", "--code", "H29", "--name", "UBND tỉnh Hải Dương",
              "--kind", "province", env=env, cwd=cwd)
    assert r.returncode == 0, r.stderr


async def _open_link(env: dict[str, str], url: str, *, twice: bool = False) -> list[int]:
    """Use a printed link on an app over the CLI's database; return the statuses."""
    settings = Settings(database_url=env["PHIEU_DATABASE_URL"],
                        secret_key=env["PHIEU_SECRET_KEY"])
    app = create_app(settings)
    db = app.state.ctx.db
    await db.start()
    statuses = []
    try:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
            path = httpx.URL(url).path
            for _ in range(2 if twice else 1):
                page = await c.get(path)
                statuses.append(page.status_code)
                token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
                assert token
                r = await c.post(path, data={"csrf_token": token.group(1)})
                statuses.append(r.status_code)
                if r.status_code == 303:
                    statuses.append((await c.get("/account")).status_code)
                    c.cookies.delete("phieu_session")
    finally:
        await db.stop()
    return statuses


def test_people_create_with_a_password_and_sign_in_by_link(
    env: dict[str, str], tmp_path: Path,
) -> None:
    _agency(env, tmp_path)
    r = phieu("people", "create", "--email", "Chi@HaiDuong.gov.vn", "--name", "Nguyễn Thị Chi",
              "--role", "designer", "--agency", "H29", "--password", "mật-khẩu-đủ-dài",
              env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "created designer chi@haiduong.gov.vn of agency H29"
    assert "mật-khẩu" not in r.stdout  # a given password is not echoed

    r = phieu("people", "link", "--email", "chi@haiduong.gov.vn", env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    url = r.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/sign-in/link/[A-Za-z0-9_-]{40,}", url)
    # the link opens a session once; the second time it is refused
    assert asyncio.run(_open_link(env, url, twice=True)) == [200, 303, 200, 400, 400]


def test_people_create_generates_a_password_when_none_is_given(
    env: dict[str, str], tmp_path: Path,
) -> None:
    r = phieu("people", "create", "--email", "admin@phieu.vn", "--name", "Quản trị",
              "--role", "admin", env=env, cwd=tmp_path, stdin="")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[0] == "created admin admin@phieu.vn"
    assert "shown only once" in lines[1]
    assert len(lines[2]) >= 12

    r = phieu("people", "create", "--email", "link@phieu.vn", "--name", "Chỉ liên kết",
              "--role", "analyst", "--link-only", env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "no password" in r.stdout


def test_people_create_refuses_bad_input_clearly(env: dict[str, str], tmp_path: Path) -> None:
    _agency(env, tmp_path)
    r = phieu("people", "create", "--email", "d@x.vn", "--name", "D", "--role", "designer",
              "--password", "mật-khẩu-đủ-dài", env=env, cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.strip() == "phieu: A designer needs an agency code."
    r = phieu("people", "create", "--email", "d@x.vn", "--name", "D", "--role", "analyst",
              "--password", "ngắn", env=env, cwd=tmp_path)
    assert r.returncode == 1 and "at least 10 characters" in r.stderr
    ok = phieu("people", "create", "--email", "d@x.vn", "--name", "D", "--role", "analyst",
               "--link-only", env=env, cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    again = phieu("people", "create", "--email", "D@X.VN", "--name", "D", "--role", "analyst",
                  "--link-only", env=env, cwd=tmp_path)
    assert again.returncode == 1 and "already signs in with d@x.vn" in again.stderr
    r = phieu("people", "link", "--email", "nobody@x.vn", env=env, cwd=tmp_path)
    assert r.returncode == 1 and "Nobody signs in with nobody@x.vn" in r.stderr
    assert "Traceback" not in r.stderr


def test_a_deactivated_person_gets_no_link(env: dict[str, str], tmp_path: Path) -> None:
    r = phieu("people", "create", "--email", "x@x.vn", "--name", "X", "--role", "analyst",
              "--link-only", env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    link = phieu("people", "link", "--email", "x@x.vn", env=env, cwd=tmp_path)
    url = link.stdout.strip().splitlines()[-1]
    r = phieu("people", "deactivate", "--email", "x@x.vn", env=env, cwd=tmp_path)
    assert r.returncode == 0 and "can no longer sign in" in r.stdout
    # a link printed before does not work any more, and no new one is made
    assert asyncio.run(_open_link(env, url)) == [200, 403]
    r = phieu("people", "link", "--email", "x@x.vn", env=env, cwd=tmp_path)
    assert r.returncode == 1
    r = phieu("people", "activate", "--email", "x@x.vn", env=env, cwd=tmp_path)
    assert r.returncode == 0 and "can sign in again" in r.stdout
    link = phieu("people", "link", "--email", "x@x.vn", env=env, cwd=tmp_path)
    assert link.returncode == 0
