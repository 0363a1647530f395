"""The webhooks pages in a real browser, at phone and desktop widths, with axe-core:
an endpoint registered with the keyboard through the no-JS form (its secret shown
once), its page with the forms to change, rotate, disable and replay."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import AGENCY, Service, check_pages, make_person, sign_in_page

EMAIL = "thiet.ke.webhook@browser.phieu.vn"
URL = "https://hooks.example.org/phieu/in?source=phieu-webhooks-with-a-long-address"


@pytest.fixture(scope="module")
def designer(service: Service) -> str:
    make_person(service, EMAIL, "designer", agency=AGENCY, name="Trần Thị Webhook")
    return EMAIL


@pytest.mark.parametrize("width", [360, 1280])
def test_webhooks_pages_at_phone_and_desktop_widths(browser: Any, service: Service,
                                                    designer: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  bypass_csp=True)  # to inject axe-core
    page = context.new_page()
    try:
        sign_in_page(page, service, designer, next_path="/webhooks")
        if not service.call("GET", "/api/v1/webhooks", service.designer).json():
            # registered with the keyboard only
            page.focus("#new-url")
            page.keyboard.type(URL)
            page.focus("#new-ev-2")
            page.keyboard.press("Space")  # case.opened, besides response.created
            page.focus("#new-description")
            page.keyboard.type("Hệ thống một cửa của tỉnh")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            secret = page.inner_text("#new-secret code")
            assert secret.startswith("whsec_")
            assert page.evaluate(
                "() => document.documentElement.scrollWidth <= window.innerWidth")
        [endpoint] = service.call("GET", "/api/v1/webhooks", service.designer).json()
        assert endpoint["events"] == ["response.created", "case.opened"]
        pages = (("list", "/webhooks"), ("list-en", "/webhooks?lang=en"),
                 ("endpoint", f"/webhooks/{endpoint['id']}"),
                 ("endpoint-en", f"/webhooks/{endpoint['id']}?lang=en"))
        check_pages(page, service, pages, width, "webhooks")
        assert page.locator('nav.ws-nav a[href="/webhooks"]').get_attribute(
            "aria-current") == "page"
        # rotate the secret: shown once on the page that answers
        page.goto(service.base + f"/webhooks/{endpoint['id']}")
        with page.expect_navigation():
            page.click("#endpoint-rotate button[type=submit]")
        assert page.inner_text("#new-secret code").startswith("whsec_")
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
