"""Public results pages in a real browser: phone and desktop widths, axe-core."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests.browser.conftest import Service, check_pages

RESULTS_AGENCY = "000.00.00.H31"
_dossiers = itertools.count(1)


def seed_results(svc: Service) -> dict[str, str]:
    """An agency of its own with answers, dossier statistics, 2023 scores; published.

    Idempotent: the dashboard and public browser tests share the running service.
    """
    r = svc.call("GET", "/api/v1/agencies", svc.admin)
    if any(a["code"] == RESULTS_AGENCY for a in r.json()):
        return {}
    r = svc.call("POST", "/api/v1/agencies", svc.admin, json={
        "code": RESULTS_AGENCY, "name": "UBND tỉnh Hưng Yên", "kind": "province"})
    assert r.status_code == 201, r.text
    keys = {}
    for role in ("designer", "portal"):
        r = svc.call("POST", "/api/v1/api-keys", svc.admin,
                     json={"role": role, "agency": RESULTS_AGENCY, "name": f"results {role}"})
        assert r.status_code == 201, r.text
        keys[role] = r.json()["key"]
    services = (("2.000001", "Đăng ký khai sinh", 40, 36),
                ("2.000002", "Cấp giấy phép xây dựng có tên rất dài để thử xuống dòng", 30, 21),
                ("2.000003", "<script>alert(1)</script> Đăng ký kết hôn", 6, 6))
    for code, name, _, _ in services:
        r = svc.call("POST", "/api/v1/services", keys["designer"], json={
            "code": code, "name": name, "audience": "citizen", "delivery": "full_online"})
        assert r.status_code == 201, r.text
    r = svc.call("POST", "/api/v1/forms", keys["designer"],
                 json={"slug": "results-rating", "template": "quick-rating"})
    assert r.status_code == 201, r.text
    assert svc.call("POST", "/api/v1/forms/results-rating/publish",
                    keys["designer"]).status_code == 200
    for code, _, total, satisfied in services:
        for index in range(total):
            r = svc.call("POST", "/api/v1/responses", keys["portal"], json={
                "form": "results-rating", "service": code,
                "dossier": f"R-{next(_dossiers):06d}", "locale": "vi",
                "answers": {"overall": 3 if index < satisfied else 1}})
            assert r.status_code == 201, r.text
    for quarter, online in (("2025-Q1", 310), ("2025-Q2", 420), ("2025-Q3", 560)):
        r = svc.call("POST", "/api/v1/services/2.000001/dossier-stats", keys["designer"],
                     json={"period": quarter, "online_dossiers": online,
                           "total_dossiers": 1000, "self_submitted_dossiers": online // 4})
        assert r.status_code in (200, 201), r.text
    r = svc.call("POST", "/api/v1/analytics/quality-scores", svc.admin, json={
        "period": "2023", "scores": [{"agency": RESULTS_AGENCY, "score": 91},
                                     {"agency": "000.00.00.H29", "score": 84}]})
    assert r.status_code == 201, r.text
    r = svc.call("PUT", f"/api/v1/agencies/{RESULTS_AGENCY}/publication", keys["designer"],
                 json={"publish_results": True})
    assert r.status_code == 200, r.text
    return keys


@pytest.mark.parametrize("width", [360, 1280])
def test_public_pages_at_phone_and_desktop_widths(
    browser: Any, service: Service, width: int
) -> None:
    seed_results(service)
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  bypass_csp=True)  # to inject axe-core
    page = context.new_page()
    try:
        pages = (
            ("index", "/public"),
            ("agency", f"/public/{RESULTS_AGENCY}"),
            ("rankings", "/public/rankings/2023"),
            ("agency-en", f"/public/{RESULTS_AGENCY}?lang=en"),
        )
        check_pages(page, service, pages, width, "public")
        # the agency page: a chart for people and the same numbers in a table
        page.goto(service.base + f"/public/{RESULTS_AGENCY}")
        assert page.get_attribute("html", "lang") == "vi"
        chart = page.locator("svg#public-satisfaction")
        assert chart.get_attribute("role") == "img"
        assert chart.bounding_box()["width"] <= width
        title = page.text_content("svg#public-satisfaction > title") or ""
        assert "Mức độ hài lòng theo dịch vụ" in title
        rows = page.locator("#satisfaction-table tbody tr")
        assert rows.count() == 3
        table = page.inner_text("#satisfaction-table")
        assert "90,0%" in table  # 36 of 40
        assert "ít hơn 10 ý kiến" in table  # 6 answers: suppressed
        # the hostile service name is shown as text, never run
        assert page.evaluate("() => window.__alerted === undefined")
        assert "<script>alert(1)</script>" in table
        # the JSON twin is linked
        href = page.get_attribute("a[href$='.json']", "href")
        assert href == f"/public/{RESULTS_AGENCY}.json"
    finally:
        context.close()
