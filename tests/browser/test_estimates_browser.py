"""The estimate pages in a real browser: weighted satisfaction, the p-chart, the sample-size
calculator; phone and desktop widths, axe-core, keyboard, JavaScript off."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.browser.conftest import (
    Service,
    check_pages,
    make_person,
    sign_in_page,
)

AGENCY = "000.00.00.H35"
EMAIL = "phan.tich.uoc.luong@browser.phieu.vn"
VIETNAM = dt.timezone(dt.timedelta(hours=7))


def _seed(svc: Service) -> None:
    """Dossiers returned this month at the counter (60, 12 answered) and online (20, all
    answered), with the answers linked to them."""
    r = svc.call("GET", "/api/v1/agencies", svc.admin)
    if any(a["code"] == AGENCY for a in r.json()):
        return
    r = svc.call("POST", "/api/v1/agencies", svc.admin, json={
        "code": AGENCY, "name": "UBND tỉnh Bắc Ninh", "kind": "province"})
    assert r.status_code == 201, r.text
    keys = {}
    for role in ("designer", "integration", "portal"):
        r = svc.call("POST", "/api/v1/api-keys", svc.admin,
                     json={"role": role, "agency": AGENCY, "name": f"estimates {role}"})
        assert r.status_code == 201, r.text
        keys[role] = r.json()["key"]
    r = svc.call("POST", "/api/v1/services", keys["designer"], json={
        "code": "5.000001", "name": "Cấp bản sao trích lục hộ tịch có tên dài để thử xuống dòng",
        "audience": "citizen", "delivery": "full_online"})
    assert r.status_code == 201, r.text
    r = svc.call("POST", "/api/v1/forms", keys["designer"],
                 json={"slug": "uoc-luong", "template": "quick-rating"})
    assert r.status_code == 201, r.text
    assert svc.call("POST", "/api/v1/forms/uoc-luong/publish",
                    keys["designer"]).status_code == 200
    now = dt.datetime.now(VIETNAM).replace(microsecond=0) - dt.timedelta(hours=2)
    events = [{"system": "motcua", "event_id": f"e-{i}", "dossier": f"BN-{i:05d}",
               "service": "5.000001", "status": "returned", "at": now.isoformat(),
               "channel": "in_person" if i < 60 else "online"} for i in range(80)]
    r = svc.call("POST", "/api/v1/dossier-events", keys["integration"],
                 json={"events": events})
    assert r.status_code == 200, r.text
    answered = list(range(12)) + list(range(60, 80))
    for i in answered:
        happy = i >= 60 or i < 6
        r = svc.call("POST", "/api/v1/responses", keys["portal"], json={
            "form": "uoc-luong", "service": "5.000001", "dossier": f"BN-{i:05d}",
            "locale": "vi", "answers": {"overall": 3 if happy else 1}})
        assert r.status_code == 201, r.text


@pytest.fixture(scope="module")
def analyst(service: Service) -> str:
    _seed(service)
    make_person(service, EMAIL, "analyst", agency=AGENCY, name="Vũ Thị Ước Lượng")
    return EMAIL


@pytest.mark.parametrize("width", [360, 1280])
def test_estimate_pages_at_phone_and_desktop_widths(
    browser: Any, service: Service, analyst: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  bypass_csp=True)  # to inject axe-core
    page = context.new_page()
    try:
        sign_in_page(page, service, analyst, next_path="/dashboard/weighting")
        pages = (
            ("weighting", "/dashboard/weighting"),
            ("trend", "/dashboard/trend"),
            ("sample-size", "/dashboard/sample-size"),
            ("weighting-en", "/dashboard/weighting?lang=en"),
        )
        check_pages(page, service, pages, width, "dashboard-estimates")
        page.goto(service.base + "/dashboard/weighting?lang=vi")
        # 32 answers, 26 satisfied (81,3%); weighted: counter answers weigh 60/12 = 5,
        # online ones 1: (6 * 5 + 20) / 80 = 62,5%
        table = page.inner_text("#weighted-table")
        assert "81,3%" in table and "62,5%" in table
        sentence = page.inner_text("#weighting-explanation")
        assert "không trọng số" in sentence and "62,5%" in sentence
        chart = page.locator("svg#weighted-services")
        assert chart.get_attribute("role") == "img"
        assert chart.bounding_box()["width"] <= width
        # the p-chart: this quarter's 32 answers are drawn, the quarters before are gaps
        page.goto(service.base + "/dashboard/trend")
        control = page.locator("svg#trend-p-chart")
        assert control.get_attribute("role") == "img"
        assert control.locator("circle.marker, rect.marker").count() == 1
        assert control.locator("text.gap").count() == 7
        assert "n = 0" in page.inner_text("#control-gaps")
    finally:
        context.close()


def test_sample_size_calculator_by_keyboard_and_without_javascript(
    browser: Any, service: Service, analyst: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 900},
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in_page(page, service, analyst, next_path="/dashboard/sample-size")
        assert page.inner_text("[data-key=population]") == "80"
        page.focus("#f-moe")
        page.keyboard.press("Control+A")
        page.keyboard.type("10%")
        page.focus("#f-expected")
        page.keyboard.press("Control+A")
        page.keyboard.type("0,5")
        # from the last field the button is reached by Tab and pressed with Enter
        page.focus("#f-share")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.type") == "submit"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "margin_of_error=10" in page.url
        # SIPAS: 80 / (1 + 80 * 0.01) = 44.4 -> 45; Cochran at p = 0.5 with the
        # correction: n0 = 96.04, 96.04 / (1 + 95.04 / 80) = 43.9 -> 44
        assert page.inner_text("[data-key=sipas]") == "45"
        assert page.inner_text("[data-key=proportion]") == "44"
        assert "44" in page.inner_text("#allocation-table")
    finally:
        context.close()
