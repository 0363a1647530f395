"""The response-rates page in a real browser: phone and desktop widths, axe-core."""

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

AGENCY = "000.00.00.H33"
EMAIL = "phan.tich.hoso@browser.phieu.vn"


def _seed(svc: Service) -> None:
    """An agency with two units (one merged into the other), an officer and dossiers."""
    r = svc.call("GET", "/api/v1/agencies", svc.admin)
    if any(a["code"] == AGENCY for a in r.json()):
        return
    r = svc.call("POST", "/api/v1/agencies", svc.admin, json={
        "code": AGENCY, "name": "UBND tỉnh Quảng Ninh", "kind": "province"})
    assert r.status_code == 201, r.text
    keys = {}
    for role in ("designer", "integration"):
        r = svc.call("POST", "/api/v1/api-keys", svc.admin,
                     json={"role": role, "agency": AGENCY, "name": f"dossiers {role}"})
        assert r.status_code == 201, r.text
        keys[role] = r.json()["key"]
    r = svc.call("POST", "/api/v1/services", keys["designer"], json={
        "code": "3.000001", "name": "Đăng ký hộ kinh doanh có tên dài để thử xuống dòng",
        "audience": "citizen", "delivery": "full_online"})
    assert r.status_code == 201, r.text
    for body in ({"code": "XA-MOI", "name": "UBND phường Hạ Long", "kind": "commune"},
                 {"code": "XA-CU", "name": "UBND phường Hồng Gai (đã sáp nhập)",
                  "kind": "commune", "closed_on": "2025-07-01", "successor": "XA-MOI"}):
        r = svc.call("POST", "/api/v1/units", keys["designer"], json=body)
        assert r.status_code == 201, r.text
    r = svc.call("POST", "/api/v1/officers", keys["designer"],
                 json={"code": "CB900", "name": "Đỗ Thị Hạnh", "unit": "XA-MOI"})
    assert r.status_code == 201, r.text
    events = []
    for i in range(40):
        returned = f"2026-0{1 + i % 6}-1{i % 9}T10:00:00+07:00"
        events.append({
            "system": "motcua", "event_id": f"q-{i}", "dossier": f"QN-{i:05d}",
            "service": "3.000001", "status": "returned", "at": returned,
            "channel": ("online", "in_person", "postal")[i % 3],
            "received_at": "2026-01-02T08:00:00+07:00",
            "due_at": returned if i % 4 else "2026-01-03T08:00:00+07:00",
            "returned_at": returned, "unit": "XA-CU" if i % 2 else "XA-MOI",
            "officer": "CB900", "submitted_by": "self" if i % 3 == 0 else None})
    r = svc.call("POST", "/api/v1/dossier-events", keys["integration"],
                 json={"events": events})
    assert r.status_code == 200 and r.json()["stored"] == 40, r.text
    # dossiers returned today with a contact: invited by SMS and e-mail (the table by
    # invitation channel)
    r = svc.call("POST", "/api/v1/forms", keys["designer"],
                 json={"slug": "qn-quick-rating", "template": "quick-rating"})
    assert r.status_code == 201, r.text
    r = svc.call("POST", "/api/v1/forms/qn-quick-rating/publish", keys["designer"])
    assert r.status_code == 200, r.text
    r = svc.call("PUT", "/api/v1/forms/qn-quick-rating/distribution", keys["designer"],
                 json={"channels": ["sms", "email"], "quiet_hours": None})
    assert r.status_code == 200, r.text
    today = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    r = svc.call("POST", "/api/v1/dossier-events", keys["integration"], json={"events": [
        {"system": "motcua", "event_id": f"qi-{i}", "dossier": f"QN-I-{i}",
         "service": "3.000001", "status": "returned", "at": today, "channel": "in_person",
         "contact": contact}
        for i, contact in enumerate(("0912000111", "0912000222", "hoso@example.vn"))]})
    assert r.status_code == 200 and r.json()["stored"] == 3, r.text


@pytest.fixture(scope="module")
def analyst(service: Service) -> str:
    _seed(service)
    make_person(service, EMAIL, "analyst", agency=AGENCY, name="Lê Thị Hồ Sơ")
    return EMAIL


@pytest.mark.parametrize("width", [360, 1280])
def test_response_rates_page_at_phone_and_desktop_widths(
    browser: Any, service: Service, analyst: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  bypass_csp=True)  # to inject axe-core
    page = context.new_page()
    try:
        sign_in_page(page, service, analyst, next_path="/dashboard/response-rates")
        pages = (
            ("service", "/dashboard/response-rates"),
            ("unit", "/dashboard/response-rates?group_by=unit"),
            ("officer", "/dashboard/response-rates?group_by=officer"),
            ("channel-en", "/dashboard/response-rates?group_by=channel&lang=en"),
        )
        check_pages(page, service, pages, width, "dashboard-response-rates")
        page.goto(service.base + "/dashboard/response-rates?lang=vi")
        chart = page.locator("svg#response-rates")
        assert chart.get_attribute("role") == "img"
        assert chart.bounding_box()["width"] <= width
        assert "43" in page.inner_text("#funnel-table")  # 40, and 3 returned today
        channels = page.inner_text("#channels-table")
        assert "Lời mời qua SMS" in channels and "Lời mời qua thư điện tử" in channels
        # the filter form: group by unit; the merged unit counts under its successor
        page.select_option("#f-group", "unit")
        with page.expect_navigation():
            page.click(".filters button[type=submit]")
        assert "group_by=unit" in page.url
        table = page.inner_text("#funnel-table")
        assert "UBND phường Hạ Long" in table and "Hồng Gai" not in table
        assert "UBND phường Hạ Long" in page.inner_text("#timeliness-table")
    finally:
        context.close()
