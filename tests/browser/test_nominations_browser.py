"""Nomination rounds in a real browser: an agency ticks its services and adds its
savings with the keyboard only, the office's side-by-side page, and the public
honour list, at phone and desktop widths, with axe-core."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.browser.conftest import (
    AGENCY,
    Service,
    axe_serious,
    check_pages,
    make_person,
    no_horizontal_scroll,
    screenshot,
    sign_in_page,
)

YEAR = dt.date.today().year - 1
# another agency of the round: not a ministry or province, so that the collections
# other modules make of "all" ministries and provinces do not ask it
MINISTRY = "SNV-HD"
MINISTRY_PERSON = "de.xuat@browser.phieu.vn"
OFFICE_PERSON = "vinh.danh@browser.phieu.vn"
PROVINCE_SERVICES = (("1.000001", "Cấp bản sao trích lục hộ tịch", "citizen", 900),
                     ("2.000001", "Đăng ký thành lập hộ kinh doanh", "business", 400))


def _stats(service: Service, key: str, code: str, online: int) -> None:
    r = service.call("POST", f"/api/v1/services/{code}/dossier-stats", key, json={
        "period": f"{YEAR}-Q1", "online_dossiers": online, "total_dossiers": online + 100,
        "self_submitted_dossiers": 0, "savings_note": "Giảm thời gian đi lại",
        "cost_saving_vnd": 150000})
    assert r.status_code in (200, 201), r.text


@pytest.fixture(scope="module")
def nomination_round(service: Service) -> int:
    r = service.call("POST", "/api/v1/agencies", service.admin,
                     json={"code": MINISTRY, "name": "Sở Nội vụ tỉnh Hải Dương", "kind": "other"})
    assert r.status_code == 201, r.text
    r = service.call("POST", "/api/v1/api-keys", service.admin,
                     json={"role": "designer", "agency": MINISTRY, "name": "browser ministry"})
    ministry = r.json()["key"]
    for code, name, audience, online in PROVINCE_SERVICES:
        r = service.call("POST", "/api/v1/services", service.designer, json={
            "code": code, "name": name, "audience": audience, "delivery": "full_online"})
        assert r.status_code == 201, r.text
        _stats(service, service.designer, code, online)
    _stats(service, service.designer, "1.001193", 1500)
    r = service.call("POST", "/api/v1/services", ministry, json={
        "code": "1.012345", "name": "Thi tuyển công chức", "audience": "citizen",
        "delivery": "full_online"})
    assert r.status_code == 201, r.text
    _stats(service, ministry, "1.012345", 3000)
    r = service.call("POST", "/api/v1/nomination-rounds", service.admin, json={
        "year": YEAR, "agencies": [AGENCY, MINISTRY], "deadline": "2030-08-31",
        "contact": "Cục Chuyển đổi số quốc gia"})
    assert r.status_code == 201, r.text
    cid = int(r.json()["id"])
    base = f"/api/v1/nomination-rounds/{cid}/nominations/{AGENCY}"
    r = service.call("PUT", f"{base}/draft", service.designer, json={"nominations": [
        {"service": "1.001193", "cost_saving_vnd": 50000, "time_saving_days": 2,
         "note": "Không phải đến trụ sở"},
        {"service": PROVINCE_SERVICES[0][0], "time_saving_hours": 4},
        {"service": PROVINCE_SERVICES[1][0], "cost_saving_vnd": 200000}]})
    assert r.status_code == 200, r.text
    assert service.call("POST", f"{base}/submit", service.designer).status_code == 200
    r = service.call("POST", f"/api/v1/collections/{cid}/replies/{AGENCY}/accept",
                     service.admin)
    assert r.status_code == 200, r.text
    for code in ("1.001193", PROVINCE_SERVICES[1][0]):
        r = service.call("POST", f"/api/v1/nomination-rounds/{cid}/honours", service.admin,
                         json={"agency": AGENCY, "service": code})
        assert r.status_code == 200, r.text
    r = service.call("POST", f"/api/v1/nomination-rounds/{cid}/publish", service.admin)
    assert r.status_code == 200, r.text
    make_person(service, MINISTRY_PERSON, "designer", agency=MINISTRY, name="Vũ Thị Đề Xuất")
    make_person(service, OFFICE_PERSON, "analyst", agency=None, name="Hoàng Văn Vinh")
    return cid


@pytest.mark.parametrize("width", [360, 1280])
def test_the_public_honour_list(browser: Any, service: Service, nomination_round: int,
                                width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        check_pages(page, service, [("vi", f"/public/honours/{YEAR}"),
                                    ("en", f"/public/honours/{YEAR}?lang=en")],
                    width, "honours")
        assert "Services for citizens" in page.content()
        assert page.locator("table[data-agency]").count() == 2  # citizens, businesses
        # nothing scrolls sideways inside its own box either: on a phone each service
        # is a card with its figures one under the other, on a wide screen a table
        assert page.evaluate(
            "() => [...document.querySelectorAll('.table-scroll')]"
            ".filter(e => e.scrollWidth > e.clientWidth + 1).length") == 0
        shown = page.evaluate("() => getComputedStyle(document.querySelector("
                              "'table.honour-table')).display")
        assert shown == ("block" if width < 640 else "table")
        if width < 640:
            label = page.evaluate("() => getComputedStyle(document.querySelector("
                                  "'table.honour-table td'), '::before').content")
            assert label == '"Online dossiers"'
            thead = page.locator("table.honour-table thead").first.bounding_box()
            assert thead is not None and thead["width"] <= 1  # column names beside each figure
        page.goto(service.base + f"/public/honours/{YEAR}")
        assert "Đăng ký khai sinh" in page.content()
        assert "Không phải đến trụ sở" not in page.content()  # no free text
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_an_agency_nominates_and_the_office_compares(
        browser: Any, service: Service, nomination_round: int, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    own = f"/nominations/{nomination_round}/{MINISTRY}"
    try:
        sign_in_page(page, service, MINISTRY_PERSON, next_path=own)
        assert page.url.endswith(own)
        assert no_horizontal_scroll(page)
        assert axe_serious(page) == []
        screenshot(page, f"nomination-agency-{width}")
        # keyboard only: tick the service, type its savings, save the draft
        page.focus("#pick-1\\.012345")
        if not page.is_checked("#pick-1\\.012345"):
            page.keyboard.press("Space")
        page.keyboard.press("Tab")
        page.keyboard.press("Control+A")
        page.keyboard.type(f"{width}000")
        with page.expect_navigation():
            page.click("button[value=draft]")
        assert "done=draft" in page.url
        assert page.input_value("#cost-1\\.012345") == f"{width}000"
        assert page.is_checked("#pick-1\\.012345")
        assert axe_serious(page) == []
        context.clear_cookies()
        sign_in_page(page, service, OFFICE_PERSON,
                     next_path=f"/nominations/{nomination_round}")
        check_pages(page, service, [
            ("side-by-side", f"/nominations/{nomination_round}"),
            ("checked", f"/nominations/{nomination_round}?check=1&sort=online_dossiers"),
            ("agency", f"/nominations/{nomination_round}/{AGENCY}")], width, "nominations")
        page.goto(service.base + f"/nominations/{nomination_round}?check=1")
        assert page.locator("#nominations tbody tr").count() == 3
        assert page.locator(".nom-diff").first.inner_text().strip() == "Khớp"
    finally:
        context.close()
