"""The dashboard in a real browser: sign in through the form, phone and desktop, axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import (
    Service,
    axe_serious,
    make_person,
    no_horizontal_scroll,
    screenshot,
    sign_in_page,
)
from tests.browser.test_public_browser import RESULTS_AGENCY, seed_results

EMAIL = "phan.tich@browser.phieu.vn"


@pytest.fixture(scope="module")
def analyst(service: Service) -> str:
    seed_results(service)
    make_person(service, EMAIL, "analyst", agency=RESULTS_AGENCY, name="Lê Văn Phân Tích")
    return EMAIL


@pytest.mark.parametrize("width", [360, 1280])
def test_dashboard_pages_at_phone_and_desktop_widths(
    browser: Any, service: Service, analyst: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  bypass_csp=True)  # to inject axe-core
    page = context.new_page()
    try:
        sign_in_page(page, service, analyst, next_path="/dashboard")
        assert page.url.endswith("/dashboard")
        assert page.get_attribute("html", "lang") == "vi"
        for name, path in (("overview", "/dashboard"),
                           ("satisfaction", "/dashboard/satisfaction"),
                           ("trend", "/dashboard/trend"),
                           ("online", "/dashboard/online-rate"),
                           ("rankings", "/dashboard/rankings"),
                           ("satisfaction-en", "/dashboard/satisfaction?lang=en")):
            response = page.goto(service.base + path)
            assert response is not None and response.status == 200, path
            assert no_horizontal_scroll(page), f"{path} scrolls sideways at {width}px"
            assert axe_serious(page) == [], path
            screenshot(page, f"dashboard-{name}-{width}")
        page.goto(service.base + "/dashboard/satisfaction?lang=vi")
        chart = page.locator("svg#satisfaction")
        assert chart.get_attribute("role") == "img"
        assert chart.bounding_box()["width"] <= width
        table = page.inner_text("#satisfaction-table")
        assert "Đăng ký khai sinh" in table and "90,0%" in table
        # filters are a plain GET form
        page.select_option("#f-group", "audience")
        with page.expect_navigation():
            page.click(".filters button[type=submit]")
        assert "group_by=audience" in page.url
        assert "Người dân" in page.inner_text("#satisfaction-table")
        # the download links work with the session
        with page.expect_download() as info:
            page.click("a[href^='/dashboard/export/satisfaction.csv']")
        path = info.value.path()
        assert path is not None
        text = Path(path).read_text(encoding="utf-8-sig")
        assert text.splitlines()[0].startswith("Khóa,")  # localized headers
    finally:
        context.close()
