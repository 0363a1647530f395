"""The alerts section of the account page and a form's case rule page in a real
browser: saved by keyboard, a refusal shown beside its field, each page checked at
360 and 1280 px (no sideways scrolling, axe-core)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import (
    Service,
    axe_serious,
    check_pages,
    make_person,
    screenshot,
    sign_in_page,
)

EMAIL = "canh.bao@browser.phieu.vn"
FORM = "b-sipas"


@pytest.fixture(scope="module")
def designer(service: Service) -> str:
    make_person(service, EMAIL, "designer", name="Phạm Văn Cảnh Báo")
    return EMAIL


@pytest.mark.parametrize("width", [360, 1280])
def test_alert_and_rule_pages_fit_and_pass_axe(browser: Any, service: Service, designer: str,
                                                width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in_page(page, service, designer, next_path="/account")
        check_pages(page, service, [
            ("account", "/account"), ("account-en", "/account?lang=en"),
            ("case-rule", f"/designer/forms/{FORM}/cases?lang=vi"),
            ("case-rule-en", f"/designer/forms/{FORM}/cases?lang=en"),
            ("dashboard", "/dashboard?lang=vi")], width, "alerts")
    finally:
        context.close()


def test_alerts_and_a_case_rule_saved_by_keyboard(browser: Any, service: Service,
                                                  designer: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in_page(page, service, designer, next_path="/account?lang=en")
        page.focus("#case_alerts")
        page.keyboard.press("Space")
        page.focus("#digest-none")
        page.keyboard.press("ArrowDown")  # none → daily
        assert page.is_checked("#digest-daily")
        page.focus("#alerts-form button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "Your alerts have been saved." in page.inner_text("[role=status]")
        assert page.is_checked("#case_alerts") and page.is_checked("#digest-daily")
        assert axe_serious(page) == []
        screenshot(page, "alerts-saved")

        page.goto(service.base + f"/designer/forms/{FORM}/cases?lang=en")
        page.focus("#phrases")
        page.keyboard.type("thai do\nx")
        page.focus("#rule-form button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "Each phrase has 2 to 100 characters." in page.inner_text("#phrases-error")
        assert page.get_attribute("#phrases", "aria-invalid") == "true"
        assert axe_serious(page) == []
        screenshot(page, "alerts-rule-refused")
        page.fill("#phrases", "thái độ\nhách dịch")
        # the first question (access, on the shared five-point scale): "very dissatisfied"
        page.focus("#q1-4")
        page.keyboard.press("Space")
        page.focus("#rule-form button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "The case rule was saved." in page.inner_text("#notice")
        assert page.input_value("#phrases") == "thái độ\nhách dịch"
        r = service.call("GET", f"/api/v1/forms/{FORM}/case-rule", service.analyst)
        assert r.json()["phrases"] == ["thái độ", "hách dịch"]
        assert r.json()["choices"] == [{"question": "access", "answers": [1]}]
        assert page.is_checked("#q1-4")
    finally:
        context.close()
