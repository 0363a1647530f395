"""The kiosk pages of the workspace in a real browser, at phone and desktop widths:
enrol a device with the keyboard, open its code on a tablet, give a preset reason
there, and find it on the device's activity page; revoke it. axe-core throughout."""

from __future__ import annotations

import re
import sqlite3
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
from tests.integration.kiosk_setup import reasons_definition

EMAIL = "ki.ot@browser.phieu.vn"
FORM = "b-tai-quay"


@pytest.fixture(scope="module")
def designer(service: Service) -> str:
    r = service.call("POST", "/api/v1/units", service.designer,
                     json={"code": "TTHCC-D", "name": "Trung tâm Phục vụ hành chính công huyện",
                           "kind": "centre"})
    assert r.status_code == 201, r.text
    r = service.call("POST", "/api/v1/counters", service.designer,
                     json={"code": "QD-1", "name": "Quầy D1 – Đất đai", "unit": "TTHCC-D"})
    assert r.status_code == 201, r.text
    r = service.call("POST", "/api/v1/forms", service.designer,
                     json={"slug": FORM, "definition": reasons_definition(), "access": "token"})
    assert r.status_code == 201, r.text
    r = service.call("POST", f"/api/v1/forms/{FORM}/publish", service.designer)
    assert r.status_code == 200, r.text
    make_person(service, EMAIL, "designer", agency=AGENCY, name="Lê Thị Ki Ốt")
    return EMAIL


def _no_overflow(page: Any) -> None:
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                     && !e.closest('.table-scroll'))
        .map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 8)""")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), wide


def _db(service: Service, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    assert service.workdir is not None
    with sqlite3.connect(service.workdir / "browser.db") as connection:
        return connection.execute(sql, args).fetchall()


@pytest.mark.parametrize("width", [360, 1280])
def test_enrol_answer_review_and_revoke(browser: Any, service: Service, designer: str,
                                        width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    tablet = browser.new_context(viewport={"width": 800, "height": 1280}, bypass_csp=True)
    kiosk = tablet.new_page()
    try:
        sign_in_page(page, service, designer, next_path="/devices")
        assert page.url.endswith("/devices")
        _no_overflow(page)
        assert axe_serious(page) == []
        screenshot(page, f"devices-{width}")
        # enrol with the keyboard only
        name = f"Máy tính bảng {width}"
        page.focus("#device-name")
        page.keyboard.type(name)
        page.keyboard.press("Tab")  # the counter or unit
        page.keyboard.press("Tab")  # the survey
        page.keyboard.press("Tab")  # the opening hours
        assert page.evaluate("document.activeElement.id") == "device-hours"
        page.keyboard.type("mon-sun 00:00-23:59")
        page.select_option("#device-form", FORM)
        page.focus("button[value=enrol]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_selector("#enrolled svg[role=img]")
        _no_overflow(page)
        assert axe_serious(page) == []
        screenshot(page, f"devices-enrolled-{width}")
        link = page.get_attribute("#enrol-link", "href")
        assert link and re.search(r"/k/enrol#[A-Z0-9]+$", link)
        box = page.locator("#enrolled svg").bounding_box()
        assert box is not None and box["width"] >= 120  # large enough to scan

        # the tablet: a preset reason when not satisfied, by touch, in English
        kiosk.goto(service.base + "/k/" + link.split("/k/", 1)[1])
        kiosk.wait_for_selector("#s-start:not([hidden])")
        kiosk.click("#lang")
        kiosk.wait_for_function("document.documentElement.lang === 'en'")
        assert kiosk.inner_text("#staff") == "Staff"
        kiosk.locator("#choices button").last.click()
        kiosk.wait_for_selector("#s-reason:not([hidden])")
        assert kiosk.inner_text("#rq") == "What did not satisfy you?"
        assert kiosk.locator("#reason-choices button").count() == 3
        assert axe_serious(kiosk) == []
        screenshot(kiosk, f"kiosk-800x1280-reasons-{width}")
        kiosk.click("#reason-choices button:has-text('Unclear guidance')")
        assert kiosk.get_attribute("#reason-choices button:has-text('Unclear guidance')",
                                   "aria-pressed") == "true"
        kiosk.fill("#reason", "Không rõ giấy tờ")
        kiosk.click("#send")
        kiosk.wait_for_selector("#s-thanks:not([hidden])")
        kiosk.wait_for_function("() => document.querySelector('#queue').textContent === ''")
        stored = _db(service, "SELECT r.answers FROM kiosk_answer k JOIN device d "
                              "ON d.id = k.device JOIN response r ON r.id = k.response "
                              "WHERE d.name = ?", name)
        assert len(stored) == 1
        assert '"reason_choice": "guidance"' in stored[0][0].replace('":"', '": "')

        # the list, then the device's activity page
        page.goto(service.base + "/devices")
        page.click(f"text={name}")
        page.wait_for_selector("#reasons")
        assert "Hướng dẫn chưa rõ" in page.inner_text("#reasons")
        assert "Không rõ giấy tờ" not in page.content()
        _no_overflow(page)
        assert axe_serious(page) == []
        screenshot(page, f"device-activity-{width}")
        with page.expect_navigation():
            page.click("button[value=revoke]")
        assert "done=revoked" in page.url
        assert page.locator("[role=status]").count() == 1
        assert axe_serious(page) == []
        page.goto(service.base + "/devices?lang=en")
        assert "Enrol the device" in page.content()
    finally:
        tablet.close()
        context.close()
