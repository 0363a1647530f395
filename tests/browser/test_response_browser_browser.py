"""The dashboard's response browser in Chromium at phone and desktop widths, checked by
axe-core: filters, masked comments, paging and unmasking by keyboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from forms_service.i18n import VIETNAM
from tests.browser.conftest import (
    Service,
    axe_serious,
    make_person,
    screenshot,
    sign_in_page,
)

WIDTHS = {360: {"width": 360, "height": 740}, 1280: {"width": 1280, "height": 900}}
EMAIL = "browser-answers@test.phieu.vn"


@pytest.fixture(scope="module")
def answered(service: Service) -> str:
    r = service.call("POST", "/api/v1/forms", service.designer,
                     json={"slug": "b-browse", "template": "quick-rating"})
    assert r.status_code == 201, r.text
    assert service.call("POST", "/api/v1/forms/b-browse/publish",
                        service.designer).status_code == 200
    bodies = [{"overall": 1, "reason": "Gọi 0912 345 678 giúp tôi"}]
    bodies += [{"overall": 3} for _ in range(21)]
    for index, answers in enumerate(bodies):
        r = service.call("POST", "/api/v1/responses", service.portal, json={
            "form": "b-browse", "service": "1.001193", "dossier": f"RB-{index}",
            "answers": answers})
        assert r.status_code == 201, r.text
    make_person(service, EMAIL, "analyst")
    return "b-browse"


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_response_browser(browser: Any, service: Service, answered: str,
                              width: int) -> None:
    context = browser.new_context(viewport=WIDTHS[width], locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    sign_in_page(page, service, EMAIL, next_path=f"/dashboard/responses?form={answered}")
    assert page.locator("table.answers-table tbody tr").count() == 20
    assert axe_serious(page) == []
    screenshot(page, f"response-browser-{width}")
    # older answers by keyboard
    older = page.get_by_role("link", name="Câu trả lời cũ hơn")
    older.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("table.answers-table tbody tr").count() >= 2
    # a period typed as in the reports: a past year has none, this year all
    page.goto(f"{service.base}/dashboard/responses?form={answered}")
    page.locator("#f-period").fill("2001")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("table.answers-table").count() == 0
    assert page.locator("#f-period").input_value() == "2001"
    assert "period=2001" in (page.locator(".downloads a").first.get_attribute("href") or "")
    year = dt.datetime.now(VIETNAM).year
    page.locator("#f-period").fill(f"{year}-Q{(dt.datetime.now(VIETNAM).month + 2) // 3}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("table.answers-table tbody tr").count() == 20
    assert axe_serious(page) == []
    # the complaint, its comment masked
    page.goto(f"{service.base}/dashboard/responses?form={answered}")
    page.select_option("#f-satisfied", "no")
    page.check("#f-comment")
    with page.expect_navigation():
        page.get_by_role("button", name="Áp dụng").click()
    rows = page.locator("table.answers-table tbody tr")
    assert rows.count() == 1 and "[số điện thoại]" in rows.first.inner_text()
    box = page.locator("main").bounding_box()
    assert box and box["width"] <= width
    with page.expect_navigation():
        page.get_by_role("link", name="Hiện không che (có ghi lại)").click()
    assert "0912 345 678" in page.locator("table.answers-table").inner_text()
    assert page.get_by_role("status").is_visible()
    assert axe_serious(page) == []
    screenshot(page, f"response-browser-{width}-unmasked")
    context.close()
