"""The ``phieu`` command line, run as a real process against a real server."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest


def phieu(*args: str, env: dict[str, str], cwd: Path, check: bool = True,
          timeout: float = 120) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "forms_service.cli", *args], env=env, cwd=cwd,
        capture_output=True, text=True, timeout=timeout,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"phieu {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "forms_service.cli", "serve", "--port", str(port)],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            process.kill()
            raise AssertionError(f"server did not start:\n{process.communicate()[0]}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_help_lists_the_commands(env: dict[str, str], tmp_path: Path) -> None:
    out = phieu("--help", env=env, cwd=tmp_path).stdout
    for command in ("serve", "demo", "migrate", "keys", "agencies"):
        assert command in out


def test_migrate_is_idempotent(env: dict[str, str], tmp_path: Path) -> None:
    first = phieu("migrate", env=env, cwd=tmp_path).stdout
    migrations = Path(__file__).parents[3] / "forms_service" / "piccolo_migrations"
    assert f"applied {len(list(migrations.glob('phieu_*.py')))} migration(s)" in first
    second = phieu("migrate", env=env, cwd=tmp_path).stdout
    assert "applied 0 migration(s)" in second
    import sqlite3

    with sqlite3.connect(tmp_path / "cli.db") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"response_form_dossier", "service_agency_code"} <= names


def test_keys_and_agencies_from_the_cli_work_against_the_server(
    env: dict[str, str], tmp_path: Path, server: str
) -> None:
    out = phieu("agencies", "create", "--code", "000.00.00.H29", "--name", "UBND tỉnh Hải Dương",
                "--kind", "province", env=env, cwd=tmp_path).stdout
    assert "000.00.00.H29" in out
    admin = phieu("keys", "create", "--role", "admin", env=env, cwd=tmp_path).stdout
    admin_key = admin.strip().splitlines()[-1]
    assert admin_key.startswith("phk_") and " " not in admin_key
    portal = phieu("keys", "create", "--role", "portal", "--agency", "000.00.00.H29",
                   env=env, cwd=tmp_path).stdout.strip().splitlines()[-1]
    agencies = httpx.get(f"{server}/api/v1/agencies",
                         headers={"Authorization": f"Bearer {admin_key}"}).json()
    assert [a["name"] for a in agencies] == ["UBND tỉnh Hải Dương"]
    mine = httpx.get(f"{server}/api/v1/agencies",
                     headers={"Authorization": f"Bearer {portal}"}).json()
    assert [a["code"] for a in mine] == ["000.00.00.H29"]


def test_cli_errors_are_messages_not_tracebacks(env: dict[str, str], tmp_path: Path) -> None:
    result = phieu("keys", "create", "--role", "portal", env=env, cwd=tmp_path, check=False)
    assert result.returncode != 0
    assert "agency" in result.stderr and "Traceback" not in result.stderr
    result = phieu("keys", "create", "--role", "portal", "--agency", "NOPE", env=env,
                   cwd=tmp_path, check=False)
    assert result.returncode != 0 and "NOPE" in result.stderr
    bad = dict(env, PHIEU_SECRET_KEY="")
    result = phieu("migrate", env=bad, cwd=tmp_path, check=False)
    assert result.returncode == 2 and "PHIEU_SECRET_KEY" in result.stderr


def test_demo_seeds_once_and_prints_a_working_admin_key(
    env: dict[str, str], tmp_path: Path
) -> None:
    demo_env = {k: v for k, v in env.items() if k != "PHIEU_SECRET_KEY"}
    first = phieu("demo", "--no-serve", env=demo_env, cwd=tmp_path, timeout=300).stdout
    assert "seeded" in first
    assert (tmp_path / ".phieu-demo-secret").exists()
    second = phieu("demo", "--no-serve", env=demo_env, cwd=tmp_path).stdout
    assert "already present" in second
    key = second.strip().splitlines()[-1]
    secret = (tmp_path / ".phieu-demo-secret").read_text().strip()
    port = free_port()
    serve_env = dict(demo_env, PHIEU_SECRET_KEY=secret)
    process = subprocess.Popen(
        [sys.executable, "-m", "forms_service.cli", "serve", "--port", str(port)],
        env=serve_env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        headers = {"Authorization": f"Bearer {key}"}
        forms = httpx.get(f"{base}/api/v1/forms", headers=headers).json()
        assert {f["slug"] for f in forms} == {
            "demo-quick-rating", "demo-sipas", "demo-communication",
            "demo-agency-communication", "demo-nps"}
        assert all(f["status"] == "published" for f in forms)
        page = httpx.get(f"{base}/api/v1/responses?form=demo-quick-rating&limit=1000",
                         headers=headers).json()
        assert len(page["items"]) == 1000 and page["next_after"] is not None
        # the national office's collection of the agency questionnaire, and the 2025
        # nomination round of excellent services with its published honour list
        items = httpx.get(f"{base}/api/v1/collections", headers=headers).json()["items"]
        by_kind = {c["kind"]: c for c in items}
        assert len(items) == 2 and set(by_kind) == {"form", "nomination"}
        collection = by_kind["form"]
        assert collection["asked"] == 83 and collection["states"]["not_started"] == 10
        assert collection["form"] == "demo-agency-communication"
        honours = httpx.get(f"{base}/public/honours/2025.json")
        assert honours.status_code == 200, honours.text
    finally:
        process.terminate()
        process.wait(timeout=10)
