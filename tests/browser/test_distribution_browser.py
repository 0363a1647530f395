"""The invitations page of a form in a real browser: phone and desktop widths,
keyboard only, axe-core, Vietnamese and English."""

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

EMAIL = "loi.moi@browser.phieu.vn"
FORM = "b-quick-rating"
PAGE = f"/designer/forms/{FORM}/distribution"


@pytest.fixture(scope="module")
def designer(service: Service) -> str:
    r = service.call("PUT", f"/api/v1/forms/{FORM}/distribution", service.designer,
                     json={"channels": ["sms", "email"], "sampling_rate": 0.5})
    assert r.status_code == 200, r.text
    make_person(service, EMAIL, "designer", agency=AGENCY, name="Phạm Văn Lời Mời")
    return EMAIL


@pytest.mark.parametrize("width", [360, 1280])
def test_the_invitations_page_at_phone_and_desktop_widths(
    browser: Any, service: Service, designer: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in_page(page, service, designer, next_path=PAGE)
        assert page.url.endswith(PAGE)
        assert "PHIEU_SMS_GATEWAY_URL" in page.inner_text("#waiting")
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                     && !e.closest('.table-scroll'))
            .map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 8)""")
        assert page.evaluate(
            "() => document.documentElement.scrollWidth <= window.innerWidth"), wide
        assert axe_serious(page) == []
        screenshot(page, f"distribution-{width}")
        # edit the Vietnamese SMS and preview it with the keyboard only
        page.focus("#sms-vi")
        page.keyboard.press("Control+A")
        page.keyboard.type("{agency} moi danh gia {service}: {link}")
        page.keyboard.press("Tab")  # subject
        page.keyboard.press("Tab")  # body
        page.keyboard.press("Tab")  # preview button
        assert page.evaluate("() => document.activeElement.value") == "preview"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        preview = page.inner_text("#preview-vi")
        assert "UBND tinh Hai Duong moi danh gia Cap ban sao trich luc ho tich" in preview
        assert "GSM-7" in preview and "1 tin" in preview
        assert axe_serious(page) == []
        # a text over one segment is refused with a message people can act on
        page.fill("#sms-vi", "Mời Ông/Bà đánh giá thủ tục {service} tại {link} nhé")
        with page.expect_navigation():
            page.click("#texts-vi-h ~ form button[value=texts]")
        assert "UCS-2" in page.inner_text("[role=alert]")
        page.goto(service.base + PAGE + "?lang=en")
        assert "Who is invited" in page.content()
        assert axe_serious(page) == []
    finally:
        context.close()
