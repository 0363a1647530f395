"""``phieu demo`` leaves a ``phieu.toml``; every command run in its folder reaches the demo."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import jwt
import pytest

from forms_service.credentials.tokens import signing_secret
from tests.integration.commands.test_cli import free_port, phieu


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PHIEU_")}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("demo-folder")
    out = phieu("demo", "--no-serve", env=_clean_env(), cwd=folder, timeout=300).stdout
    return folder, out


def test_the_demo_writes_a_config_without_the_secret(demo: tuple[Path, str]) -> None:
    folder, out = demo
    config = (folder / "phieu.toml").read_text()
    secret = (folder / ".phieu-demo-secret").read_text().strip()
    assert 'database_url = "sqlite:///phieu-demo.db"' in config
    assert 'secret_key_file = ".phieu-demo-secret"' in config
    assert secret not in config
    assert "wrote phieu.toml" in out
    assert (folder / "phieu-demo.db").exists() and not (folder / "phieu.db").exists()


def test_commands_in_the_demo_folder_reach_its_database_and_secret(
    demo: tuple[Path, str]
) -> None:
    folder, _ = demo
    out = phieu("keys", "create", "--role", "portal", "--agency", "000.00.00.H29",
                env=_clean_env(), cwd=folder).stdout
    kid = re.search(r"created portal key (\w+) for agency 000.00.00.H29", out).group(1)
    secret = (folder / ".phieu-demo-secret").read_text().strip()
    assert f"(kid {kid}): {signing_secret(secret, kid)}" in out
    report = phieu("report", "satisfaction", "--group-by", "audience", env=_clean_env(),
                   cwd=folder).stdout
    assert "Người dân" in report
    # the statistical words are explained under the table
    assert "Tỷ lệ ước lượng co kéo tỷ lệ của nhóm có ít ý kiến" in report
    assert "phương pháp Wilson" in report
    # an environment variable overrides the file
    other = folder / "other.db"
    env = dict(_clean_env(), PHIEU_DATABASE_URL=f"sqlite:///{other}")
    phieu("migrate", env=env, cwd=folder)
    assert other.exists()
    assert not (folder / "phieu.db").exists()


def test_the_demo_prints_a_portal_key_its_secret_and_signed_urls_that_open(
    demo: tuple[Path, str]
) -> None:
    folder, out = demo
    secret = (folder / ".phieu-demo-secret").read_text().strip()
    kid, shown = re.search(r"signing secret for context tokens \(kid (\w+)\): (\S+)", out).groups()
    assert shown == signing_secret(secret, kid)
    assert re.search(rf"portal key \(000.00.00.H29\): phk_{kid}_", out)
    links = dict(re.findall(r"^    (demo-[\w-]+): (http://\S+)$", out, re.M))
    assert set(links) == {"demo-quick-rating", "demo-sipas", "demo-nps"}
    for slug, url in links.items():
        token = url.split("?t=", 1)[1]
        claims = jwt.decode(token, shown, algorithms=["HS256"])
        assert claims["form"] == slug and claims["agency"] == "000.00.00.H29"
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "forms_service.cli", "serve", "--port", str(port)],
        env=_clean_env(), cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        for url in links.values():
            page = httpx.get(url.replace("http://127.0.0.1:8000", base), timeout=10)
            assert page.status_code == 200, page.text[:300]
            assert "<form" in page.text
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_no_command_creates_an_empty_database_silently(tmp_path: Path) -> None:
    env = dict(_clean_env(), PHIEU_SECRET_KEY="a-random-secret-of-enough-length")
    for args in (("keys", "create", "--role", "admin"), ("report", "satisfaction"),
                 ("people", "link", "--email", "a@b.vn"), ("purge", "--months", "3")):
        result = phieu(*args, env=env, cwd=tmp_path, check=False)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "no database is configured" in result.stderr and "phieu demo" in result.stderr
        assert not (tmp_path / "phieu.db").exists()
    result = phieu("keys", "create", "--role", "admin", env=_clean_env(), cwd=tmp_path,
                   check=False)
    assert result.returncode == 2 and "phieu.toml" in result.stderr
    assert "PHIEU_SECRET_KEY" in result.stderr
    # migrate creates one, and says so
    result = phieu("migrate", env=env, cwd=tmp_path)
    assert "creating a new, empty one in phieu.db" in result.stderr
    assert (tmp_path / "phieu.db").exists()
    # a broken phieu.toml is a message, not a traceback
    (tmp_path / "phieu.toml").write_text('database_url = "sqlite:///x.db"\ncolour = "red"\n')
    result = phieu("keys", "create", "--role", "admin", env=env, cwd=tmp_path, check=False)
    assert result.returncode == 2 and "unknown setting 'colour'" in result.stderr
