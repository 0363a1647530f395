"""The collection pages in a real browser: an agency's reply filled with the keyboard
only, the office's tracking page, at phone and desktop widths, with axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import (
    AGENCY,
    Service,
    axe_serious,
    make_person,
    screenshot,
    sign_in_page,
)

AGENCY_PERSON = "bao.cao@browser.phieu.vn"
OFFICE_PERSON = "van.phong@browser.phieu.vn"


@pytest.fixture(scope="module")
def collection(service: Service) -> int:
    r = service.call("POST", "/api/v1/agencies", service.admin,
                     json={"code": "G06", "name": "Bộ Giáo dục và Đào tạo", "kind": "ministry"})
    assert r.status_code == 201, r.text
    r = service.call("POST", "/api/v1/forms", service.designer, json={
        "slug": "b-agency-communication", "template": "agency-communication",
        "access": "open"})
    assert r.status_code == 201, r.text
    r = service.call("POST", "/api/v1/forms/b-agency-communication/publish", service.designer)
    assert r.status_code == 200, r.text
    r = service.call("POST", "/api/v1/collections", service.admin, json={
        "title": "Phiếu khảo sát công tác truyền thông 2023",
        "form": "b-agency-communication", "agencies": "all", "deadline": "2030-11-30",
        "contact": "Trung tâm Chuyển đổi số quốc gia"})
    assert r.status_code == 201, r.text
    make_person(service, AGENCY_PERSON, "designer", agency=AGENCY, name="Lê Thị Báo Cáo")
    make_person(service, OFFICE_PERSON, "analyst", agency=None, name="Phạm Văn Phòng")
    return int(r.json()["id"])


def _fits(page: Any) -> None:
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                     && !e.closest('.table-scroll'))
        .map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 8)""")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), wide


@pytest.mark.parametrize("width", [360, 1280])
def test_an_agency_replies_and_the_office_tracks(
    browser: Any, service: Service, collection: int, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    reply = f"/collections/{collection}/replies/{AGENCY}"
    try:
        sign_in_page(page, service, AGENCY_PERSON, next_path=reply)
        assert page.url.endswith(reply)
        _fits(page)
        assert axe_serious(page) == []
        screenshot(page, f"collection-reply-{width}")
        # the first answer typed with the keyboard, then saved as a draft
        page.focus("#f-agency_name")
        page.keyboard.press("Control+A")  # the other width's draft is there
        page.keyboard.type(f"UBND tỉnh Hải Dương {width}")
        with page.expect_navigation():
            page.click("button[value=draft]")
        assert "done=draft" in page.url
        assert page.locator("[role=status]").count() == 1
        assert page.input_value("#f-agency_name") == f"UBND tỉnh Hải Dương {width}"
        assert axe_serious(page) == []
        page.goto(service.base + reply + "?lang=en")
        assert "Save draft" in page.content()
        context.clear_cookies()
        sign_in_page(page, service, OFFICE_PERSON, next_path=f"/collections/{collection}")
        sentence = page.input_value("#not-sent-sentence")
        assert sentence == "Các đơn vị chưa gửi: Bộ Giáo dục và Đào tạo; Hải Dương.", sentence
        _fits(page)
        assert axe_serious(page) == []
        screenshot(page, f"collection-tracking-{width}")
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_office_makes_a_collection_with_the_keyboard(
    browser: Any, service: Service, collection: int, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in_page(page, service, OFFICE_PERSON, next_path="/collections/new")
        assert page.url.endswith("/collections/new")
        _fits(page)
        assert axe_serious(page) == []
        screenshot(page, f"collection-new-{width}")
        # sent half filled: the problems listed, each beside its field
        page.select_option("#form", "b-agency-communication")
        page.check("#scope-list")
        with page.expect_navigation():
            page.click(".col-new button[type=submit]")
        assert page.locator("#error-summary").count() == 1
        assert page.get_attribute("#title", "aria-invalid") == "true"
        assert page.locator("#agencies-error1").count() == 1
        _fits(page)
        assert axe_serious(page) == []
        screenshot(page, f"collection-new-errors-{width}")
        page.focus("#title")
        page.keyboard.type(f"Đề nghị báo cáo {width}")
        page.check("input[name=agencies][value=G06]")
        page.fill("#deadline_date", "2030-12-15")
        page.fill("#contact", "Trung tâm Chuyển đổi số quốc gia")
        page.focus("#contact")
        page.keyboard.press("Tab")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "done=made" in page.url
        assert page.locator("[role=status]").count() == 1
        assert "Bộ Giáo dục và Đào tạo" in page.content()
        assert axe_serious(page) == []
    finally:
        context.close()
