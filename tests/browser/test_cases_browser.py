"""A case handled from the inbox to closed with the keyboard only, in a real browser,
checked with axe-core at each page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Service, axe_serious, make_person, screenshot, sign_in_page

EMAIL = "xu.ly@browser.phieu.vn"
FORM = "b-quick-rating"


@pytest.fixture(scope="module")
def handler(service: Service) -> str:
    r = service.call("POST", "/api/v1/units", service.designer,
                     json={"code": "TTHCC-CASE", "name": "Trung tâm tiếp nhận ý kiến",
                           "kind": "centre"})
    assert r.status_code == 201, r.text
    r = service.call("POST", "/api/v1/responses", service.portal, json={
        "form": FORM, "service": "1.001193", "dossier": "HS-CASE-BROWSER",
        "answers": {"overall": 1, "reason": "Cán bộ có thái độ chưa tốt, gọi 0912 345 678"}})
    assert r.status_code == 201, r.text
    make_person(service, EMAIL, "analyst", name="Lê Thị Xử Lý")
    return EMAIL


def _tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement === document.querySelector(s)",
                         selector):
            return
    raise AssertionError(f"{selector} never took the focus by Tab")


def test_a_case_from_inbox_to_closed_by_keyboard(browser: Any, service: Service,
                                                   handler: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in_page(page, service, handler, next_path="/cases?lang=en")
        assert page.locator("#cases tbody tr").count() >= 1
        assert axe_serious(page) == []
        screenshot(page, "cases-inbox")
        # filter by state with the keyboard: the GET form, no script needed
        _tab_to(page, "#f-state")
        page.keyboard.press("ArrowDown")  # all → new
        _tab_to(page, "form[method=get] button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "state=new" in page.url
        link = page.locator("#cases tbody tr a").first
        target = link.get_attribute("href")
        _tab_to(page, f'#cases a[href="{target}"]')
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.split("?")[0].endswith(target)
        assert "0912 345 678" not in page.inner_text("#case-answer")
        assert axe_serious(page) == []
        screenshot(page, "case-new")
        for form, then in (("#act-acknowledge", "acknowledged"), ("#act-assign", "assigned"),
                           ("#act-respond", "responded"), ("#act-close", "closed")):
            _tab_to(page, f"{form} button[type=submit]", limit=120)
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.inner_text("#case-state").startswith(then), page.inner_text("main")
            assert page.locator("[role=status]").count() >= 1
        assert "(resolved)" in page.inner_text("#case-state")
        assert page.locator("#case-history li").count() == 4
        _tab_to(page, "#note-text", limit=120)
        page.keyboard.type("Đã gọi lại cho công dân")
        _tab_to(page, "#add-note button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "Đã gọi lại cho công dân" in page.inner_text("#case-notes")
        assert axe_serious(page) == []
        screenshot(page, "case-closed")
    finally:
        context.close()
