"""The dashboard's results page in a real browser at phone and desktop widths, axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Service, axe_serious, make_person, screenshot, sign_in_page
from tests.browser.test_public_browser import RESULTS_AGENCY, seed_results
from tests.integration.results.results_setup import ANSWERS, every_kind

EMAIL = "ket.qua@browser.phieu.vn"
SLUG = "browser-every-kind"


@pytest.fixture(scope="module")
def analyst(service: Service) -> str:
    seed_results(service)
    keys = {}
    for role in ("designer", "portal"):
        r = service.call("POST", "/api/v1/api-keys", service.admin,
                         json={"role": role, "agency": RESULTS_AGENCY, "name": f"kq {role}"})
        assert r.status_code == 201, r.text
        keys[role] = r.json()["key"]
    r = service.call("POST", "/api/v1/forms", keys["designer"],
                     json={"slug": SLUG, "definition": every_kind()})
    assert r.status_code == 201, r.text
    assert service.call("POST", f"/api/v1/forms/{SLUG}/publish",
                        keys["designer"]).status_code == 200
    for i, answer in enumerate(ANSWERS):
        r = service.call("POST", "/api/v1/responses", keys["portal"], json={
            "form": SLUG, "service": "2.000001", "dossier": f"KQ-{i}", "answers": answer})
        assert r.status_code == 201, r.text
    r = service.call("POST", "/api/v1/forms", keys["designer"],
                     json={"slug": "browser-sipas", "template": "sipas"})
    assert r.status_code == 201, r.text
    assert service.call("POST", "/api/v1/forms/browser-sipas/publish",
                        keys["designer"]).status_code == 200
    for i in range(12):
        level = 5 - i % 4
        r = service.call("POST", "/api/v1/responses", keys["portal"], json={
            "form": "browser-sipas", "service": "2.000001" if i % 2 else "2.000002",
            "dossier": f"SP-{i}", "answers": {
                "access": level, "procedure": max(level - 1, 1), "civil_servant": level,
                "result": 5, "overall": level}})
        assert r.status_code == 201, r.text
    make_person(service, EMAIL, "analyst", agency=RESULTS_AGENCY, name="Trần Thị Kết Quả")
    return EMAIL


@pytest.mark.parametrize("width", [360, 1280])
def test_results_page_at_phone_and_desktop_widths(
    browser: Any, service: Service, analyst: str, width: int,
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in_page(page, service, analyst, next_path="/dashboard")
        pages = [(f"results-{lang}", f"/dashboard/results?form={SLUG}&lang={lang}")
                 for lang in ("vi", "en")]
        pages += [("results-sipas", "/dashboard/results?form=browser-sipas&question=access"
                   "&by=channel&lang=vi"),
                  ("indices", "/dashboard/indices?group_by=service&lang=vi")]
        for name, path in pages:
            response = page.goto(service.base + path)
            assert response is not None and response.status == 200, path
            assert page.evaluate(
                "() => document.documentElement.scrollWidth <= window.innerWidth"), (
                f"{path} scrolls sideways at {width}px")
            assert axe_serious(page) == [], path
            screenshot(page, f"dashboard-{name}-{width}")
        page.goto(f"{service.base}/dashboard/results?form={SLUG}&lang=vi")
        charts = page.locator("section.question-result svg")
        assert charts.count() == 6  # every question but the two texts
        for index in range(charts.count()):
            chart = charts.nth(index)
            assert chart.get_attribute("role") == "img"
            assert chart.bounding_box()["width"] <= width
        overall = page.locator("section[data-question=overall]")
        assert "Rất hài lòng" in overall.inner_text() and "30,0%" in overall.inner_text()
        assert "Chậm" not in page.content()
        page.select_option("#f-channel", "kiosk")
        with page.expect_navigation():
            page.click(".filters button[type=submit]")
        assert "channel=kiosk" in page.url
        assert "Hỏi 0 trên 0" in page.inner_text("section[data-question=overall]")
    finally:
        context.close()
