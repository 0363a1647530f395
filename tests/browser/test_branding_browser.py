"""An agency's colour and logo on its form pages, and a scheduled form's closed page,
in Chromium at phone and desktop widths, checked by axe-core; every request stays
on Phiếu's own origin."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Service, axe_serious, screenshot
from tests.integration.agencies.test_branding import data_url, png

WIDTHS = {360: {"width": 360, "height": 740}, 1280: {"width": 1280, "height": 900}}
BRANDED = "000.00.00.B01"


@pytest.fixture(scope="module")
def branded(service: Service) -> dict[str, str]:
    """An agency with an accent colour and a logo; an open form, and one that closed."""
    r = service.call("POST", "/api/v1/agencies", service.admin,
                     json={"code": BRANDED, "name": "Sở Thông tin và Truyền thông",
                           "kind": "other"})
    assert r.status_code == 201, r.text
    r = service.call("POST", "/api/v1/api-keys", service.admin,
                     json={"role": "designer", "agency": BRANDED, "name": "brand designer"})
    designer = r.json()["key"]
    r = service.call("PUT", f"/api/v1/agencies/{BRANDED}/branding", designer,
                     json={"accent_colour": "#8a1538", "logo": data_url(png(120, 40))})
    assert r.status_code == 200, r.text
    for slug in ("brand-open", "brand-closed"):
        r = service.call("POST", "/api/v1/forms", designer,
                         json={"slug": slug, "template": "communication", "access": "open"})
        assert r.status_code == 201, r.text
        assert service.call("POST", f"/api/v1/forms/{slug}/publish",
                            designer).status_code == 200
    r = service.call("PUT", "/api/v1/forms/brand-closed/schedule", designer,
                     json={"opens_at": "2020-01-01T08:00:00", "closes_at": "2020-03-31T17:00:00"})
    assert r.status_code == 200, r.text
    return {"designer": designer}


def _visit(browser: Any, service: Service, width: int, path: str) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport=WIDTHS[width], locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(service.base + path)
    page.wait_for_load_state("networkidle")
    return context, page, requested


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_form_wears_the_agency_colour_and_logo(
    browser: Any, service: Service, branded: dict[str, str], width: int
) -> None:
    context, page, requested = _visit(browser, service, width, "/f/brand-open")
    button = page.locator("button[type=submit]")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(138, 21, 56)"
    assert button.evaluate("b => getComputedStyle(b).color") == "rgb(255, 255, 255)"
    logo = page.locator("header.brand img")
    assert logo.get_attribute("alt") == "Sở Thông tin và Truyền thông"
    assert logo.evaluate("img => img.complete && img.naturalWidth") == 120
    box = logo.bounding_box()
    assert box and box["width"] <= min(240, width) and box["height"] <= 56
    # a chosen answer is tinted with the colour
    page.locator("input[name=submission]").first.check()
    chosen = page.locator(".opt:has(input[name=submission]:checked)")
    assert chosen.evaluate("o => getComputedStyle(o).borderColor") == "rgb(138, 21, 56)"
    assert axe_serious(page) == []
    screenshot(page, f"branded-form-{width}")
    assert requested and all(url.startswith(service.base) for url in requested), requested
    context.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_a_closed_form_says_when_it_closed(
    browser: Any, service: Service, branded: dict[str, str], width: int
) -> None:
    context, page, requested = _visit(browser, service, width, "/f/brand-closed")
    assert page.locator("h1").inner_text() == "Phiếu khảo sát đã đóng"
    assert "17:00 31/03/2020 (giờ Việt Nam)" in page.locator("main").inner_text()
    assert page.locator("header.brand img").is_visible()
    assert axe_serious(page) == []
    screenshot(page, f"closed-form-{width}")
    assert all(url.startswith(service.base) for url in requested), requested
    context.close()
