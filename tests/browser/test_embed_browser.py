"""The embedded survey in a real browser: inline, modal, without JavaScript,
on a phone-sized screen, and checked by axe-core."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from tests.browser.conftest import HostPages, Service, axe_serious, screenshot

_dossiers = itertools.count(1)


def dossier() -> str:
    return f"HS-BROWSER-{next(_dossiers):04d}"


def host_page(svc: Service, body: str) -> str:
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng dịch vụ công tỉnh</title></head><body>
<h1>Hồ sơ của Ông/Bà đã được tiếp nhận</h1>
{body}
<script>
window.__phieu = [];
document.addEventListener("phieu:submitted", function (e) {{ window.__phieu.push(e.detail); }});
</script>
<script src="{svc.base}/embed/v1/loader.js"></script>
</body></html>"""


def survey_frame(page: Any) -> Any:
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('iframe')).some(f => f.src.includes('/f/'))")
    for _ in range(100):
        frame = next((f for f in page.frames if "/f/" in f.url), None)
        if frame is not None:
            frame.wait_for_load_state()
            return frame
        page.wait_for_timeout(50)
    raise AssertionError("no survey frame")


def tab_until(page: Any, frame: Any, selector: str, limit: int = 25) -> None:
    """Press Tab until the focused element inside ``frame`` matches ``selector``."""
    for _ in range(limit):
        if frame.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)",
                          selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def answer_dissatisfied_with_keyboard(page: Any, frame: Any) -> None:
    """Choose 'Không hài lòng' with arrow keys, which reveals the reason, type it, submit."""
    tab_until(page, frame, "input[name=overall]")
    first = frame.evaluate("document.activeElement.value")
    assert first == "3"  # Rất hài lòng comes first
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert frame.evaluate("document.querySelector('input[name=overall]:checked').value") == "1"
    reason = frame.locator("textarea[name=reason]")
    reason.wait_for(state="visible")
    tab_until(page, frame, "textarea[name=reason]")
    page.keyboard.type("Chờ đợi quá lâu")
    tab_until(page, frame, "button[type=submit]")
    page.keyboard.press("Enter")


def test_inline_embed_with_keyboard(browser: Any, service: Service, host: HostPages) -> None:
    token = service.token("b-quick-rating", dossier())
    host.pages["/inline"] = host_page(
        service, f'<div data-phieu-form="b-quick-rating" data-phieu-token="{token}"></div>')
    page = browser.new_page()
    page.goto(host.origin + "/inline")
    frame = survey_frame(page)
    # hidden until the answer calls for it (JavaScript on)
    assert not frame.locator("textarea[name=reason]").is_visible()
    answer_dissatisfied_with_keyboard(page, frame)
    page.wait_for_function("() => window.__phieu.length === 1", timeout=15000)
    detail = page.evaluate("window.__phieu[0]")
    assert detail["form"] == "b-quick-rating"
    stored = {item["id"]: item for item in service.responses("b-quick-rating")}
    assert stored[int(detail["id"])]["answers"] == {"overall": 1, "reason": "Chờ đợi quá lâu"}
    # the iframe grew to its content rather than keeping a fixed height
    height = page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
    assert height > 150
    screenshot(page, "embed-inline-thanks")
    page.close()


def test_modal_embed_and_escape(browser: Any, service: Service, host: HostPages) -> None:
    token = service.token("b-quick-rating", dossier())
    host.pages["/modal"] = host_page(service, f"""
<button type="button" id="open">Đánh giá dịch vụ</button>
<script>
document.getElementById("open").addEventListener("click", function () {{
  Phieu.open({{form: "b-quick-rating", token: "{token}", closeDelay: 300}});
}});
</script>""")
    page = browser.new_page()
    page.goto(host.origin + "/modal")
    page.wait_for_function("() => !!window.Phieu")
    page.focus("#open")
    page.keyboard.press("Enter")
    dialog = page.locator("[role=dialog]")
    dialog.wait_for()
    assert dialog.get_attribute("aria-modal") == "true"
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert page.evaluate("document.activeElement.id") == "open"
    page.keyboard.press("Enter")
    dialog.wait_for()
    frame = survey_frame(page)
    answer_dissatisfied_with_keyboard(page, frame)
    page.wait_for_function("() => window.__phieu.length === 1", timeout=15000)
    detail = page.evaluate("window.__phieu[0]")
    dialog.wait_for(state="detached", timeout=10000)
    ids = {item["id"] for item in service.responses("b-quick-rating")}
    assert int(detail["id"]) in ids
    page.close()


def test_the_form_works_without_javascript(browser: Any, service: Service) -> None:
    token = service.token("b-quick-rating", dossier())
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{service.base}/f/b-quick-rating?t={token}")
    before = len(service.responses("b-quick-rating"))
    # without JavaScript every question is on the page
    assert page.locator("textarea[name=reason]").is_visible()
    page.keyboard.press("Tab")
    for _ in range(25):
        if page.evaluate("document.activeElement.name") == "overall":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # Hài lòng
    page.keyboard.press("Space")
    for _ in range(25):
        if page.evaluate("document.activeElement.type") == "submit":
            break
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/thanks" in page.url or page.locator("[data-response-id], main").count()
    after = service.responses("b-quick-rating")
    assert len(after) == before + 1
    assert after[-1]["answers"] == {"overall": 2}
    context.close()


PHONE = {"width": 360, "height": 740}


def _no_horizontal_scroll(page: Any) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px at 360 px"


def _touch_targets(page: Any) -> None:
    small = page.evaluate("""() => Array.from(document.querySelectorAll(
        'input[type=radio], input[type=checkbox], button, select, a'))
      .filter(el => el.offsetParent !== null)
      .map(el => {
        const target = el.closest('label') || el;
        const r = target.getBoundingClientRect();
        return {name: el.name || el.textContent.trim(), w: r.width, h: r.height};
      })
      .filter(r => r.h < 44 || r.w < 44)""")
    assert not small, f"touch targets under 44 px: {small[:5]}"


@pytest.mark.parametrize("form", ["b-sipas", "b-communication"])
def test_phone_width_and_accessibility(browser: Any, service: Service, form: str) -> None:
    context = browser.new_context(viewport=PHONE, bypass_csp=True, has_touch=True)
    page = context.new_page()
    url = f"{service.base}/f/{form}"
    if form != "b-communication":
        url += "?t=" + service.token(form, dossier())
    page.goto(url)
    _no_horizontal_scroll(page)
    _touch_targets(page)
    assert axe_serious(page) == []
    screenshot(page, f"{form}-360")
    # the error state: submit with nothing answered
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[aria-invalid=true]").count() > 0
    summary = page.locator("[role=alert], .error-summary").first
    assert summary.is_visible()
    _no_horizontal_scroll(page)
    assert axe_serious(page) == []
    screenshot(page, f"{form}-360-errors")
    context.close()


def test_thank_you_page_at_phone_width(browser: Any, service: Service) -> None:
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    token = service.token("b-quick-rating", dossier())
    page.goto(f"{service.base}/f/b-quick-rating?t={token}")
    page.locator("input[name=overall][value='3']").check()
    with page.expect_navigation():
        page.locator("button[type=submit]").click()
    assert re.search(r"cảm ơn|Cảm ơn", page.content())
    _no_horizontal_scroll(page)
    assert axe_serious(page) == []
    screenshot(page, "thanks-360")
    context.close()


def test_loader_budget(service: Service) -> None:
    import gzip

    import httpx

    r = httpx.get(service.base + "/embed/v1/loader.js")
    assert r.status_code == 200
    assert "javascript" in r.headers["content-type"]
    assert len(gzip.compress(r.content, 9)) <= 4096
