"""A paged form in Chromium at phone and desktop widths, checked by axe-core: the
progress, next and back keeping answers, a condition on an earlier page's answer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Service, axe_serious, screenshot
from tests.integration.forms.test_pages import PAGED

WIDTHS = {360: {"width": 360, "height": 740}, 1280: {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def paged_form(service: Service) -> str:
    r = service.call("POST", "/api/v1/forms", service.designer,
                     json={"slug": "b-paged", "definition": PAGED, "access": "open"})
    assert r.status_code == 201, r.text
    assert service.call("POST", "/api/v1/forms/b-paged/publish",
                        service.designer).status_code == 200
    return "b-paged"


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_pages_go_forward_and_back_keeping_answers(
    browser: Any, service: Service, paged_form: str, width: int
) -> None:
    context = browser.new_context(viewport=WIDTHS[width], bypass_csp=True, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{service.base}/f/{paged_form}")
    assert page.locator("#progress-label").inner_text() == "Trang 1/3: Đánh giá chung"
    assert page.locator("progress").get_attribute("value") == "1"
    assert axe_serious(page) == []
    screenshot(page, f"paged-1-{width}")
    page.get_by_label("Rất không hài lòng").check()
    page.fill("#f-note", "Đợi lâu")
    page.get_by_role("button", name="Tiếp theo").click()
    page.wait_for_load_state()
    assert page.locator("#progress-label").inner_text() == "Trang 2/3: Lý do"
    # the condition on page 1's answer holds here, and numbering goes on from page 1
    assert page.locator("#q-reason").is_visible()
    assert page.locator("#q-reason .n").inner_text() == "3."
    assert axe_serious(page) == []
    screenshot(page, f"paged-2-{width}")
    page.get_by_role("button", name="Tiếp theo").click()
    page.wait_for_load_state()
    assert "Vui lòng trả lời câu hỏi này." in page.locator("#error-summary").inner_text()
    page.fill("#f-reason", "Hồ sơ trả chậm")
    page.get_by_role("button", name="Quay lại").click()
    page.wait_for_load_state()
    assert page.locator("#progress-label").inner_text() == "Trang 1/3: Đánh giá chung"
    assert page.get_by_label("Rất không hài lòng").is_checked()
    assert page.locator("#f-note").input_value() == "Đợi lâu"
    page.get_by_role("button", name="Tiếp theo").click()
    page.wait_for_load_state()
    assert page.locator("#f-reason").input_value() == "Hồ sơ trả chậm"
    page.get_by_role("button", name="Tiếp theo").click()
    page.wait_for_load_state()
    assert page.locator("#progress-label").inner_text() == "Trang 3/3: Lần sau"
    assert axe_serious(page) == []
    screenshot(page, f"paged-3-{width}")
    page.get_by_label("Có").check()
    page.get_by_role("button", name="Gửi câu trả lời").click()
    page.wait_for_url("**/thanks**")
    context.close()
