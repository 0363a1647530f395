"""The organisation page in a real browser: phone and desktop, keyboard, axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import (
    AGENCY,
    Service,
    axe_serious,
    make_person,
    screenshot,
    sign_in_page,
)

EMAIL = "to.chuc@browser.phieu.vn"


@pytest.fixture(scope="module")
def designer(service: Service) -> str:
    r = service.call("POST", "/api/v1/units/import", service.designer, json={"rows": [
        {"code": "TTHCC-B", "name": "Trung tâm Phục vụ hành chính công tỉnh", "kind": "centre"},
        {"code": "XA-B", "name": "UBND xã An Bình", "kind": "commune", "parent": "TTHCC-B"}]})
    assert r.status_code == 200 and r.json()["created"] == 2, r.text
    r = service.call("POST", "/api/v1/counters", service.designer,
                     json={"code": "QB-1", "name": "Quầy tiếp nhận 1", "unit": "TTHCC-B"})
    assert r.status_code == 201, r.text
    make_person(service, EMAIL, "designer", agency=AGENCY, name="Trần Thị Tổ Chức")
    return EMAIL


@pytest.mark.parametrize("width", [360, 1280])
def test_the_organisation_page_at_phone_and_desktop_widths(
    browser: Any, service: Service, designer: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in_page(page, service, designer, next_path="/organisation")
        assert page.url.endswith("/organisation")
        assert "— UBND xã An Bình" in page.inner_text("#units")
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                         && !e.closest('.table-scroll'))
            .map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 8)""")
        assert page.evaluate(
            "() => document.documentElement.scrollWidth <= window.innerWidth"), wide
        assert axe_serious(page) == []
        screenshot(page, f"organisation-{width}")
        # add an officer with the keyboard only
        code = f"CB-B-{width}"
        page.focus("#officer-code")
        page.keyboard.type(code)
        page.keyboard.press("Tab")
        page.keyboard.type("Lê Văn Bàn Phím")
        page.keyboard.press("Tab")
        page.keyboard.type("XA-B")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "done=officer" in page.url
        assert code in page.inner_text("#officers")
        assert page.locator("[role=status]").count() == 1
        # an import with a bad row lists it
        page.select_option("#import-kind", "counter")
        page.fill("#import-csv", "code,name,unit\nQB-9,Quầy 9,KHONG-CO\n")
        with page.expect_navigation():
            page.click("button[value=import]")
        assert "KHONG-CO" in page.inner_text("#import-results")
        assert axe_serious(page) == []
        page.goto(service.base + "/organisation?lang=en")
        assert "Add the unit" in page.content()
    finally:
        context.close()
