"""The people page and the pages of a person limited to a unit, in a real browser:
phone and desktop widths, no sideways scroll, axe-core; a unit chosen by keyboard."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import (
    Service,
    axe_serious,
    check_pages,
    make_person,
    no_horizontal_scroll,
    sign_in_page,
)

AGENCY = "000.00.00.H34"
ADMIN = "quan.tri.nguoi.dung@browser.phieu.vn"
LIMITED = "phan.tich.don.vi@browser.phieu.vn"


@pytest.fixture(scope="module")
def people(service: Service) -> dict[str, Any]:
    r = service.call("POST", "/api/v1/agencies", service.admin, json={
        "code": AGENCY, "name": "UBND tỉnh Quảng Bình", "kind": "province"})
    assert r.status_code == 201, r.text
    for body in ({"code": "SO-TP", "name": "Sở Tư pháp tỉnh Quảng Bình có tên rất dài",
                  "kind": "department"},
                 {"code": "XA-DH", "name": "UBND phường Đồng Hới", "kind": "commune",
                  "parent": "SO-TP"}):
        r = service.call("POST", "/api/v1/units", service.admin, json=body,
                         params={"agency": AGENCY})
        assert r.status_code == 201, r.text
    make_person(service, ADMIN, "admin", name="Quản trị Người dùng")
    make_person(service, LIMITED, "analyst", agency=AGENCY, name="Phan Tích Đơn Vị")
    r = service.call("GET", "/api/v1/people", service.admin, params={"agency": AGENCY})
    [person] = [p for p in r.json() if p["email"] == LIMITED]
    return person


@pytest.mark.parametrize("width", [360, 1280])
def test_people_page_at_phone_and_desktop_widths(
        browser: Any, service: Service, people: dict[str, Any], width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in_page(page, service, ADMIN, next_path="/people")
        check_pages(page, service, (
            ("all", "/people"),
            ("agency", f"/people?agency={AGENCY}"),
            ("agency-en", f"/people?agency={AGENCY}&lang=en"),
        ), width, "people")
        if width == 360:
            # limit the analyst to the commune with the keyboard alone
            page.goto(service.base + f"/people?agency={AGENCY}&lang=en")
            select = page.locator(f"#unit-{people['id']}")
            select.focus()
            select.select_option("XA-DH")
            page.keyboard.press("Tab")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert "The unit was saved." in page.inner_text("main")
            r = service.call("GET", "/api/v1/people", service.admin, params={"agency": AGENCY})
            assert [p["unit"] for p in r.json() if p["email"] == LIMITED] == ["XA-DH"]
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_pages_of_a_person_limited_to_a_unit(
        browser: Any, service: Service, people: dict[str, Any], width: int) -> None:
    r = service.call("PATCH", f"/api/v1/people/{people['id']}", service.admin,
                     json={"unit": "SO-TP"})
    assert r.status_code == 200, r.text
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in_page(page, service, LIMITED, next_path="/dashboard")
        assert page.url.endswith("/dashboard/response-rates?group_by=unit")
        check_pages(page, service, (
            ("account", "/account"),
            ("response-rates", "/dashboard/response-rates"),
            ("cases", "/cases"),
        ), width, "unit-scope")
        # figures of the whole agency: refused, saying why, on an accessible page
        response = page.goto(service.base + "/dashboard/satisfaction?lang=en")
        assert response is not None and response.status == 403
        assert "limited to a unit" in page.inner_text("main")
        assert no_horizontal_scroll(page) and axe_serious(page) == []
    finally:
        context.close()
