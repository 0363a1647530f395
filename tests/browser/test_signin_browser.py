"""Sign-in in a real browser: keyboard only, phone and desktop widths,
accessibility, the session cookie as Chromium keeps it, sign-out."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import (
    PERSON_PASSWORD,
    Service,
    axe_serious,
    make_person,
    no_horizontal_scroll,
    screenshot,
    sign_in_page,
)

EMAIL = "thiet.ke@browser.phieu.vn"


def _small_targets(page: Any) -> list[str]:
    """Visible links, buttons and fields smaller than 44 px high (WCAG 2.5.5); a check
    box or radio button counts with its label, which takes the click as well."""
    return list(page.evaluate("""() => [...document.querySelectorAll(
            'main a, main button, main input:not([type=hidden]), main select, '
            + 'header a, header button')]
        .filter(e => e.offsetParent !== null)
        .filter(e => e.getBoundingClientRect().height < 44)
        .filter(e => !((e.type === 'checkbox' || e.type === 'radio') && e.labels
            && [...e.labels].some(l => l.getBoundingClientRect().height >= 44)))
        .map(e => e.outerHTML.slice(0, 80))"""))


def _tab_to(page: Any, selector: str, limit: int = 15) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement === document.querySelector(s)",
                         selector):
            return
    raise AssertionError(f"{selector} is not reachable with the Tab key")


def test_sign_in_by_keyboard_on_a_phone_then_sign_out(browser: Any, service: Service) -> None:
    make_person(service, EMAIL, "designer", name="Trần Thị Thiết Kế")
    context = browser.new_context(viewport={"width": 360, "height": 780},
                                  bypass_csp=True)  # to inject axe-core
    page = context.new_page()
    try:
        page.goto(service.base + "/account")
        # not signed in: sent to the sign-in page, which remembers where to go
        assert "/sign-in?next=%2Faccount" in page.url
        assert page.get_attribute("html", "lang") == "vi"
        assert page.inner_text("h1") == "Đăng nhập"
        # the skip link is the first stop and is visible when focused
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.className") == "skip-link"
        assert page.locator(".skip-link").bounding_box()["y"] >= 0
        assert no_horizontal_scroll(page)
        assert _small_targets(page) == []
        assert axe_serious(page) == []
        screenshot(page, "signin-360")

        _tab_to(page, "#email")
        page.keyboard.type(EMAIL)
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.id") == "password"
        page.keyboard.type(PERSON_PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == service.base + "/account"
        assert page.inner_text("h1") == "Tài khoản của tôi"
        assert "Trần Thị Thiết Kế" in page.inner_text("header")

        # Chromium keeps the Secure cookie on http://127.0.0.1 (a secure context)
        [cookie] = [c for c in context.cookies() if c["name"] == "phieu_session"]
        assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Lax"
        assert page.evaluate("() => document.cookie.includes('phieu_session')") is False

        assert no_horizontal_scroll(page)
        assert _small_targets(page) == []
        assert axe_serious(page) == []
        screenshot(page, "account-360")

        page.set_viewport_size({"width": 1280, "height": 900})
        assert axe_serious(page) == []
        screenshot(page, "account-1280")

        # English, remembered across pages
        page.click("a[hreflang=en]")
        assert page.get_attribute("html", "lang") == "en"
        assert page.inner_text("h1") == "Your account"
        page.goto(service.base + "/account")
        assert page.inner_text("h1") == "Your account"

        # sign out with the header button: back to the sign-in page, session gone
        with page.expect_navigation():
            page.click("form[action='/sign-out'] button")
        assert page.url.startswith(service.base + "/sign-in")
        assert not [c for c in context.cookies() if c["name"] == "phieu_session"]
        page.goto(service.base + "/account")
        assert "/sign-in?next=" in page.url
        screenshot(page, "signin-1280-en")
        assert axe_serious(page) == []
    finally:
        context.close()


def test_wrong_password_is_announced_and_the_helper_signs_in(
    browser: Any, service: Service,
) -> None:
    make_person(service, "sai.mat.khau@browser.phieu.vn", "analyst")
    context = browser.new_context(viewport={"width": 360, "height": 780},
                                  bypass_csp=True)  # to inject axe-core
    page = context.new_page()
    try:
        page.goto(service.base + "/sign-in")
        page.fill("#email", "sai.mat.khau@browser.phieu.vn")
        page.fill("#password", "not the password")
        with page.expect_navigation():
            page.locator("form:has(#password) button[type=submit]").click()
        alert = page.locator("[role=alert]")
        assert "không đúng" in alert.inner_text()
        assert page.get_attribute("#email", "aria-invalid") == "true"
        assert no_horizontal_scroll(page)
        assert axe_serious(page) == []
        screenshot(page, "signin-error-360")

        sign_in_page(page, service, "sai.mat.khau@browser.phieu.vn", next_path="/account")
        assert page.url == service.base + "/account"
        assert page.inner_text("h1") == "Tài khoản của tôi"
    finally:
        context.close()
