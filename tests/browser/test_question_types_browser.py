"""Date, e-mail and phone questions on the citizen page in Chromium at phone and
desktop widths, checked by axe-core: typed, refused with messages, then sent."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Service, axe_serious, screenshot
from tests.integration.forms.test_question_types import CONTACT

WIDTHS = {360: {"width": 360, "height": 740}, 1280: {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def contact_form(service: Service) -> str:
    r = service.call("POST", "/api/v1/forms", service.designer,
                     json={"slug": "b-contact", "definition": CONTACT, "access": "open"})
    assert r.status_code == 201, r.text
    assert service.call("POST", "/api/v1/forms/b-contact/publish",
                        service.designer).status_code == 200
    return "b-contact"


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_date_email_and_phone_are_typed_checked_and_sent(
    browser: Any, service: Service, contact_form: str, width: int
) -> None:
    context = browser.new_context(viewport=WIDTHS[width], bypass_csp=True, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{service.base}/f/{contact_form}")
    # the date's parts are labelled and fit the width side by side
    for label in ("Ngày", "Tháng", "Năm"):
        assert page.get_by_label(label, exact=True).is_visible()
    boxes = [page.locator(f"#f-visited{part}").bounding_box()
             for part in ("", "-month", "-year")]
    assert all(box and box["x"] + box["width"] <= width for box in boxes)
    assert boxes[0]["y"] == boxes[1]["y"] == boxes[2]["y"]  # type: ignore[index]
    assert page.locator("input[name=email]").get_attribute("type") == "email"
    assert page.locator("input[name=phone]").get_attribute("type") == "tel"
    assert axe_serious(page) == []
    screenshot(page, f"question-types-{width}")
    page.fill("#f-visited", "31")
    page.fill("#f-visited-month", "2")
    page.fill("#f-visited-year", "2026")
    page.fill("input[name=phone]", "12345")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary").inner_text()
    assert "ngày có thật" in summary and "số điện thoại Việt Nam" in summary
    assert page.locator("#f-visited").input_value() == "31"
    assert axe_serious(page) == []
    screenshot(page, f"question-types-{width}-errors")
    page.fill("#f-visited", "28")
    page.fill("input[name=phone]", "+84 912 345 678")
    page.fill("input[name=email]", "tran.thi.b@example.vn")
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/thanks**")
    context.close()
