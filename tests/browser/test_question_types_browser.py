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


@pytest.fixture(scope="module")
def grid_form(service: Service) -> str:
    from tests.integration.forms.test_grids import GRID

    r = service.call("POST", "/api/v1/forms", service.designer,
                     json={"slug": "b-grid", "definition": GRID, "access": "open"})
    assert r.status_code == 201, r.text
    assert service.call("POST", "/api/v1/forms/b-grid/publish",
                        service.designer).status_code == 200
    return "b-grid"


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_a_grid_is_a_table_on_desktop_and_stacked_on_a_phone(
    browser: Any, service: Service, grid_form: str, width: int
) -> None:
    context = browser.new_context(viewport=WIDTHS[width], bypass_csp=True, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{service.base}/f/{grid_form}")
    table = page.locator("table.grid")
    box = table.bounding_box()
    assert box and box["x"] + box["width"] <= width  # no sideways scrolling
    header = page.locator("table.grid thead")
    first = page.locator("label[for=f-access-0]")
    if width >= 640:
        assert header.is_visible()
        # the options of each row sit under their column headers
        column = page.locator("table.grid thead th").first.bounding_box()
        option = first.bounding_box()
        assert column and option and abs((column["x"] + column["width"] / 2)
                                         - (option["x"] + option["width"] / 2)) < 2
    else:
        assert not header.is_visible()
        assert first.inner_text().startswith("Rất hài lòng")  # labelled where it stands
    # keyboard: the radios of a row move with the arrow keys
    page.locator("#f-access-1").focus()
    page.keyboard.press("ArrowRight")
    assert page.locator("#f-access-2").is_checked()
    assert axe_serious(page) == []
    screenshot(page, f"grid-{width}")
    page.locator("#f-procedure-0").check()
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Câu 3:" in page.locator("#error-summary").inner_text()
    assert axe_serious(page) == []
    screenshot(page, f"grid-{width}-errors")
    page.locator("#f-servant-1").check()
    assert page.locator("#f-access-2").is_checked()  # kept when shown again
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/thanks**")
    context.close()
