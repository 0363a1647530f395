"""Real-browser tests: Debian's Chromium driven by Playwright.

The service runs as a real process (``phieu serve``) on a temporary SQLite
file; host pages are served from a second origin (another port) the way a
ministry's portal would be.  The tests skip with a reason when Playwright,
Chromium or axe-core is missing, unless ``PHIEU_REQUIRE_BROWSER=1`` (as
``.ci/run`` sets), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = os.environ.get("PHIEU_CHROMIUM", "/usr/bin/chromium")
AXE_CANDIDATES = (
    os.environ.get("PHIEU_AXE_PATH", ""),
    str(Path(__file__).resolve().parents[2] / ".ci" / "node" / "node_modules" / "axe-core"
        / "axe.min.js"),
)
AGENCY = "000.00.00.H29"
SECRET = "browser-test-secret-0123456789abcdef"
ARTIFACTS = Path(os.environ.get("PHIEU_ARTIFACTS", "artifacts"))


def _required() -> bool:
    return os.environ.get("PHIEU_REQUIRE_BROWSER", "") in {"1", "true", "yes"}


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed (pip install playwright)"
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if not axe_path():
        return "axe-core not found (npm install axe-core, or set PHIEU_AXE_PATH)"
    return None


def axe_path() -> str | None:
    return next((p for p in AXE_CANDIDATES if p and os.path.exists(p)), None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    reason = _missing()
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            if reason and not _required():
                item.add_marker(pytest.mark.skip(reason=f"browser test: {reason}"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class HostPages:
    """A second origin serving the pages of a pretend public-service portal."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = pages.get(self.path.split("?")[0])
                if body is None:
                    self.send_error(404)
                    return
                data = body.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Service:
    """The running service and the keys a portal and an analyst hold."""

    base: str
    admin: str
    designer: str = ""
    portal: str = ""
    analyst: str = ""
    signing_secret: str = ""
    forms: list[str] = field(default_factory=list)
    # for running ``phieu`` against the service's database
    env: dict[str, str] = field(default_factory=dict, repr=False)
    workdir: Path | None = None

    def call(self, method: str, path: str, key: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {key}"}
        return httpx.request(method, self.base + path, headers=headers, timeout=30, **kwargs)

    def token(self, form: str, dossier: str, *, locale: str = "vi") -> str:
        r = self.call("POST", "/api/v1/embed-tokens", self.portal, json={
            "form": form, "service": "1.001193", "dossier": dossier, "channel": "web",
            "locale": locale})
        assert r.status_code in (200, 201), r.text
        return str(r.json()["token"])

    def responses(self, form: str) -> list[dict[str, Any]]:
        r = self.call("GET", f"/api/v1/responses?form={form}", self.analyst)
        assert r.status_code == 200, r.text
        return list(r.json()["items"])


def _cli(*args: str, env: dict[str, str], cwd: Path) -> str:
    result = subprocess.run([sys.executable, "-m", "forms_service.cli", *args], env=env,
                            cwd=cwd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="session")
def host() -> Iterator[HostPages]:
    pages = HostPages()
    yield pages
    pages.close()


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory, host: HostPages) -> Iterator[Service]:
    if _missing() and not _required():
        pytest.skip(f"browser test: {_missing()}")
    workdir = tmp_path_factory.mktemp("browser")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHIEU_")}
    env |= {"PHIEU_DATABASE_URL": f"sqlite:///{workdir / 'browser.db'}",
            "PHIEU_SECRET_KEY": SECRET,
            # every browser test signs in from 127.0.0.1 to this one service
            "PHIEU_SIGN_IN_ATTEMPTS": "1000"}
    _cli("migrate", env=env, cwd=workdir)
    admin = _cli("keys", "create", "--role", "admin", env=env, cwd=workdir).strip().splitlines()[-1]
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "forms_service.cli", "serve", "--port", str(port)],
        env=env, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    svc = Service(base=f"http://127.0.0.1:{port}", admin=admin, env=env, workdir=workdir)
    try:
        for _ in range(150):
            try:
                if httpx.get(svc.base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        _seed(svc, host)
        yield svc
    finally:
        process.terminate()
        process.wait(timeout=10)


def _seed(svc: Service, host: HostPages) -> None:
    r = svc.call("POST", "/api/v1/agencies", svc.admin,
                 json={"code": AGENCY, "name": "UBND tỉnh Hải Dương", "kind": "province"})
    assert r.status_code == 201, r.text
    keys: dict[str, Any] = {}
    for role in ("designer", "portal", "analyst"):
        r = svc.call("POST", "/api/v1/api-keys", svc.admin,
                     json={"role": role, "agency": AGENCY, "name": f"browser {role}"})
        assert r.status_code == 201, r.text
        keys[role] = r.json()
    svc.designer, svc.analyst = keys["designer"]["key"], keys["analyst"]["key"]
    svc.portal, svc.signing_secret = keys["portal"]["key"], keys["portal"]["signing_secret"]
    r = svc.call("POST", "/api/v1/services", svc.designer, json={
        "code": "1.001193", "name": "Đăng ký khai sinh", "audience": "citizen",
        "delivery": "full_online"})
    assert r.status_code == 201, r.text
    r = svc.call("POST", f"/api/v1/agencies/{AGENCY}/portals", svc.designer,
                 json={"origin": host.origin})
    assert r.status_code in (200, 201), r.text
    for template in ("quick-rating", "sipas", "communication"):
        slug = f"b-{template}"
        access = "open" if template == "communication" else "token"
        r = svc.call("POST", "/api/v1/forms", svc.designer,
                     json={"slug": slug, "template": template, "access": access})
        assert r.status_code == 201, r.text
        r = svc.call("POST", f"/api/v1/forms/{slug}/publish", svc.designer)
        assert r.status_code == 200, r.text
        svc.forms.append(slug)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield instance
        instance.close()


def no_horizontal_scroll(page: Any) -> bool:
    """Whether the page fits its viewport's width (no sideways scrolling)."""
    return bool(page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth"))


def check_pages(page: Any, service: Any, pages: Any, width: int, prefix: str) -> None:
    """Open each ``(name, path)``: answered 200, no sideways scrolling at ``width``,
    no serious axe-core violation; a screenshot ``{prefix}-{name}-{width}``."""
    for name, path in pages:
        response = page.goto(service.base + path)
        assert response is not None and response.status == 200, path
        assert no_horizontal_scroll(page), f"{path} scrolls sideways at {width}px"
        assert axe_serious(page) == [], path
        screenshot(page, f"{prefix}-{name}-{width}")


def axe_serious(page: Any) -> list[dict[str, Any]]:
    """Run axe-core in ``page``; return its serious and critical violations."""
    path = axe_path()
    assert path, "axe-core is required here"
    page.add_script_tag(path=path)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


PERSON_PASSWORD = "browser-person-password-2026"


def make_person(svc: Service, email: str, role: str, *, agency: str | None = AGENCY,
                name: str = "Nguyễn Văn Thử", password: str = PERSON_PASSWORD) -> None:
    """Register a person on the running service (``phieu people create``)."""
    assert svc.workdir is not None
    args = ["people", "create", "--email", email, "--name", name, "--role", role,
            "--password", password]
    if agency and role != "admin":
        args += ["--agency", agency]
    _cli(*args, env=svc.env, cwd=svc.workdir)


def sign_in_page(page: Any, svc: Service, email: str, password: str = PERSON_PASSWORD, *,
                 next_path: str | None = None) -> None:
    """Sign ``page`` in through the real sign-in form; it ends on ``next_path``."""
    from urllib.parse import quote

    query = f"?next={quote(next_path, safe='')}" if next_path else ""
    page.goto(svc.base + "/sign-in" + query)
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.locator("form:has(#password) button[type=submit]").click()
    assert "/sign-in" not in page.url, "sign-in failed: " + page.inner_text("main")
