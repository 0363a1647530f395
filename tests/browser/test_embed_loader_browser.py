"""The loader as portals use it: commands queued before the async script runs, a ready
event, error events, the language order, and portals on any loopback address."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.browser.conftest import AGENCY, HostPages, Service, axe_serious, screenshot
from tests.browser.test_embed_browser import dossier, survey_frame

WIDTHS = {360: {"width": 360, "height": 740}, 1280: {"width": 1280, "height": 900}}


def page_html(svc: Service, body: str, lang: str = "vi") -> str:
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng dịch vụ công</title></head><body><main>
<h1>Hồ sơ đã được tiếp nhận</h1>
<script>
window.__events = [];
["phieu:ready", "phieu:submitted", "phieu:error"].forEach(function (type) {{
  document.addEventListener(type, function (e) {{
    window.__events.push({{type: type, detail: e.detail,
                          target: e.target.id || e.target.nodeName}});
  }});
}});
</script>
{body}
</main></body></html>"""


def loader_tag(svc: Service) -> str:
    return f'<script src="{svc.base}/embed/v1/loader.js" async></script>'


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_a_command_queued_before_the_async_loader_opens_the_survey(
    browser: Any, service: Service, host: HostPages, width: int
) -> None:
    token = service.token("b-quick-rating", dossier())
    # the README's order: the async loader tag, then the call right after it
    host.pages["/queued"] = page_html(service, loader_tag(service) + f"""
<script>
window.Phieu = window.Phieu || [];
Phieu.push(["open", {{form: "b-quick-rating", token: "{token}"}}]);
</script>""")
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(host.origin + "/queued")
    page.locator("[role=dialog]").wait_for()
    frame = survey_frame(page)
    frame.locator("input[name=overall]").first.wait_for()
    page.wait_for_function("() => window.__events.some(e => e.type === 'phieu:ready')")
    ready = page.evaluate("window.__events.find(e => e.type === 'phieu:ready')")
    assert ready["detail"]["origin"] == service.base
    assert not errors, errors
    # after loading, push runs at once, as Phieu.open does
    page.evaluate("Phieu.push(['close'])")
    page.locator("[role=dialog]").wait_for(state="detached")
    assert axe_serious(page) == []
    screenshot(page, f"embed-queued-{width}")
    context.close()


def test_phieu_error_is_a_bubbling_dom_event_with_its_code(
    browser: Any, service: Service, host: HostPages
) -> None:
    host.pages["/broken"] = page_html(service, f"""
<div id="survey" data-phieu-form="b-quick-rating" data-phieu-token="not-a-token"></div>
{loader_tag(service)}""")
    page = browser.new_page()
    page.goto(host.origin + "/broken")
    page.wait_for_function("() => window.__events.some(e => e.type === 'phieu:error')",
                           timeout=15000)
    event = page.evaluate("window.__events.find(e => e.type === 'phieu:error')")
    # heard on document: it bubbled from the placeholder
    assert event["target"] == "survey"
    assert event["detail"]["form"] == "b-quick-rating" and event["detail"]["code"]
    page.close()


def _frame_lang(page: Any) -> str:
    frame = survey_frame(page)
    frame.locator("h1").wait_for()
    return str(frame.evaluate("document.documentElement.lang"))


@pytest.mark.parametrize(("token_locale", "explicit", "host_lang", "expected"), [
    ("en", None, "vi", "en"),   # the token's claim beats the host page's language
    ("en", "vi", "vi", "vi"),   # an explicit option beats the claim
    ("vi", None, "en", "vi"),
])
def test_the_language_follows_the_documented_order(
    browser: Any, service: Service, host: HostPages, token_locale: str,
    explicit: str | None, host_lang: str, expected: str,
) -> None:
    token = service.token("b-quick-rating", dossier(), locale=token_locale)
    attribute = f' data-phieu-lang="{explicit}"' if explicit else ""
    path = f"/lang-{token_locale}-{explicit}-{host_lang}"
    host.pages[path] = page_html(service, f"""
<div data-phieu-form="b-quick-rating" data-phieu-token="{token}"{attribute}></div>
{loader_tag(service)}""", lang=host_lang)
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(host.origin + path)
    assert _frame_lang(page) == expected
    context.close()


def test_without_a_claim_the_host_page_language_comes_before_the_browser(
    browser: Any, service: Service, host: HostPages
) -> None:
    # an open form has no token: the host page's language decides, not Accept-Language
    host.pages["/open-en"] = page_html(service, f"""
<div data-phieu-form="b-communication"></div>{loader_tag(service)}""", lang="en")
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(host.origin + "/open-en")
    assert _frame_lang(page) == "en"
    context.close()


class _LoopbackHost:
    """A portal page served from another loopback address (127.0.0.2, [::1])."""

    def __init__(self, address: str, family: int) -> None:
        pages: dict[str, str] = {}
        self.pages = pages

        class Server(ThreadingHTTPServer):
            address_family = family

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                data = pages.get(self.path, "").encode()
                self.send_response(200 if data else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = Server((address, 0), Handler)
        port = self.server.server_address[1]
        self.origin = f"http://{'[' + address + ']' if ':' in address else address}:{port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(params=["127.0.0.2", "127.255.0.1"])
def loopback(request: pytest.FixtureRequest) -> Iterator[_LoopbackHost]:
    # [::1] is accepted as an origin too (tests/integration/embedding), but a
    # Content-Security-Policy cannot name an IPv6 address in frame-ancestors, so
    # browsers refuse to frame the survey there: such a portal uses http://localhost
    served = _LoopbackHost(request.param, socket.AF_INET)
    yield served
    served.close()


def test_http_portals_on_any_loopback_address(
    browser: Any, service: Service, loopback: _LoopbackHost
) -> None:
    r = service.call("POST", f"/api/v1/agencies/{AGENCY}/portals", service.designer,
                     json={"origin": loopback.origin})
    assert r.status_code in (200, 201), r.text
    token = service.token("b-quick-rating", dossier())
    loopback.pages["/portal"] = page_html(service, f"""
<div id="survey" data-phieu-form="b-quick-rating" data-phieu-token="{token}"></div>
{loader_tag(service)}""")
    page = browser.new_page()
    page.goto(loopback.origin + "/portal")
    frame = survey_frame(page)
    frame.locator("input[name=overall][value='3']").check()
    frame.locator("button[type=submit]").click()
    page.wait_for_function("() => window.__events.some(e => e.type === 'phieu:submitted')",
                           timeout=15000)
    page.close()
