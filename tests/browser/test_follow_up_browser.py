"""The follow-up page of a reply to a citizen in a real browser: 200 at 360 and 1280 px
in Vietnamese and English, no sideways scrolling, axe-core clean, answered with the
keyboard alone and without JavaScript; the case page showing the reply and the
answer."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from tests.browser.conftest import (
    Service,
    axe_serious,
    check_pages,
    make_person,
    no_horizontal_scroll,
    screenshot,
    sign_in_page,
)

SLUG = "b-follow-up"
EMAIL = "tra.loi@browser.phieu.vn"
DEFINITION = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Đánh giá và nhận trả lời", "type": "object", "additionalProperties": False,
    "required": ["overall"],
    "properties": {
        "overall": {"title": "Ông/Bà hài lòng thế nào?", "type": "integer", "x-widget": "likert",
                    "oneOf": [{"const": 5 - i, "title": t} for i, t in enumerate(
                        ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng",
                         "Rất không hài lòng"))]},
        "email": {"title": "Thư điện tử để nhận trả lời", "type": "string", "format": "email",
                  "maxLength": 254, "x-widget": "email"},
        "agree": {"title": "Đồng ý để cơ quan liên hệ trả lời?", "type": "boolean",
                  "x-widget": "yes_no"},
    },
    "x-survey": {"satisfaction": {"question": "overall", "satisfied": [4, 5]}},
}
REPLY = ("Kính gửi anh/chị,\n\nTrung tâm đã bổ sung giấy tờ còn thiếu và gửi lại kết quả "
         "qua bưu chính công ích. Thành thật xin lỗi vì sự chậm trễ đã gây ra cho anh/chị "
         "trong quá trình giải quyết hồ sơ.")


@pytest.fixture(scope="module")
def replied(service: Service) -> tuple[int, str]:
    """A case answered with a reply, the citizen having left an e-mail address: its id
    and the follow-up code (read from the service's database, as only the citizen's
    message carries it)."""
    r = service.call("POST", "/api/v1/forms", service.designer,
                     json={"slug": SLUG, "definition": DEFINITION})
    assert r.status_code == 201, r.text
    assert service.call("POST", f"/api/v1/forms/{SLUG}/publish",
                        service.designer).status_code == 200
    r = service.call("PUT", f"/api/v1/forms/{SLUG}/case-rule", service.designer,
                     json={"contact_question": "email", "consent_question": "agree"})
    assert r.status_code == 200, r.text
    r = service.call("POST", "/api/v1/responses", service.portal, json={
        "form": SLUG, "service": "1.001193", "dossier": "HS-FOLLOW-UP",
        "answers": {"overall": 1, "email": "cong.dan@example.vn", "agree": True}})
    assert r.status_code == 201, r.text
    r = service.call("GET", "/api/v1/cases?form=" + SLUG, service.analyst)
    [case] = r.json()["items"]
    assert case["has_contact"] is True
    service.call("POST", "/api/v1/units", service.designer,
                 json={"code": "TTHCC-FU", "name": "Trung tâm", "kind": "centre"})
    for body in ({"action": "acknowledge"}, {"action": "assign", "unit": "TTHCC-FU"},
                 {"action": "respond", "reply": REPLY}):
        r = service.call("POST", f"/api/v1/cases/{case['id']}/transitions", service.designer,
                         json=body)
        assert r.status_code == 200, r.text
    path = service.env["PHIEU_DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        [(code,)] = db.execute("SELECT code FROM feedback_case WHERE id = ?", (case["id"],))
    return int(case["id"]), str(code)


@pytest.mark.parametrize("width", [360, 1280])
def test_the_follow_up_page_fits_and_is_accessible(browser: Any, service: Service,
                                                    replied: tuple[int, str], width: int) -> None:
    _, code = replied
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    page = context.new_page()
    try:
        check_pages(page, service, [("vi", f"/r/{code}"), ("en", f"/r/{code}?lang=en")],
                    width, "follow-up")
        assert "Has your problem been solved?" in page.inner_text("main")
    finally:
        context.close()


def test_answered_with_the_keyboard_without_javascript(browser: Any, service: Service,
                                                       replied: tuple[int, str]) -> None:
    case_id, code = replied
    context = browser.new_context(viewport={"width": 360, "height": 800},
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{service.base}/r/{code}")
        assert "Vấn đề của anh/chị đã được giải quyết chưa?" in page.inner_text("main")
        assert "bưu chính công ích" in page.inner_text("#reply")
        page.focus("#a-solved")
        page.keyboard.press("ArrowDown")  # solved → partly
        page.keyboard.press("Tab")
        page.keyboard.type("Đã nhận kết quả nhưng còn thiếu một bản sao")
        page.keyboard.press("Tab")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "đã được ghi nhận" in page.inner_text("main")
        assert no_horizontal_scroll(page)
        screenshot(page, "follow-up-thanks-360")
        page.goto(f"{service.base}/r/{code}")
        assert "đã phản hồi" in page.inner_text("main").lower()
    finally:
        context.close()
    r = service.call("GET", f"/api/v1/cases/{case_id}", service.analyst)
    assert r.json()["follow_up"] == "partly", r.text
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        make_person(service, EMAIL, "analyst", name="Lê Thị Trả Lời")
        sign_in_page(page, service, EMAIL, next_path=f"/cases/{case_id}?lang=en")
        assert "partly solved" in page.inner_text("#case-follow-up")
        assert "bưu chính công ích" in page.inner_text("#case-replies")
        assert "e-mail" in page.inner_text("#case-replies")
        assert axe_serious(page) == []
        screenshot(page, "case-with-reply")
    finally:
        context.close()
