"""A general form on the counter kiosk in a real browser, at 800×1280: one question
per screen answered by touch and keyboard, required answers and numbers checked on
the device in both languages, a question asked only on its condition, answers
given offline and stored once the network returns; axe-core on every kind of screen."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest

from tests.browser.conftest import Service, axe_serious, screenshot
from tests.integration.kiosk.general_form import general_form

FORM = "b-hoi-tai-quay"


@pytest.fixture(scope="module")
def enrolled(service: Service) -> dict[str, Any]:
    r = service.call("POST", "/api/v1/units", service.designer,
                     json={"code": "TTHCC-HQ", "name": "Trung tâm Phục vụ hành chính công",
                           "kind": "centre"})
    assert r.status_code == 201, r.text
    r = service.call("POST", "/api/v1/counters", service.designer,
                     json={"code": "QHQ-1", "name": "Quầy 2 – Đất đai", "unit": "TTHCC-HQ"})
    assert r.status_code == 201, r.text
    r = service.call("POST", "/api/v1/forms", service.designer,
                     json={"slug": FORM, "access": "token", "definition": general_form()})
    assert r.status_code == 201, r.text
    r = service.call("POST", f"/api/v1/forms/{FORM}/publish", service.designer)
    assert r.status_code == 200, r.text
    r = service.call("POST", "/api/v1/devices", service.designer,
                     json={"name": "Máy tính bảng quầy 2", "form": FORM, "counter": "QHQ-1"})
    assert r.status_code == 201, r.text
    return dict(r.json())


def _stored(service: Service, device: str) -> list[dict[str, Any]]:
    assert service.workdir is not None
    with sqlite3.connect(service.workdir / "browser.db") as connection:
        rows = connection.execute(
            "SELECT r.answers, r.channel FROM kiosk_answer k JOIN device d ON d.id = k.device "
            "JOIN response r ON r.id = k.response WHERE d.public_id = ? ORDER BY k.seq",
            (device,)).fetchall()
    assert {row[1] for row in rows} <= {"kiosk"}
    return [json.loads(row[0]) for row in rows]


def _checks(page: Any) -> None:
    """No serious accessibility issue, every visible target at least 64 px."""
    assert axe_serious(page) == []
    small = page.evaluate("""() => [...document.querySelectorAll('button, input, textarea')]
        .filter(e => e.offsetParent !== null)
        .filter(e => { const r = e.getBoundingClientRect(); return r.width < 64 || r.height < 64; })
        .map(e => e.id || e.textContent.trim())""")
    assert small == []


def _next(page: Any) -> None:
    page.click("#fnext")


def test_a_general_form_answered_on_the_kiosk_online_and_offline(
        browser: Any, service: Service, enrolled: dict[str, Any]) -> None:
    context = browser.new_context(viewport={"width": 800, "height": 1280}, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(f"{service.base}/k/enrol#{enrolled['code']}")
        page.wait_for_selector("#s-form:not([hidden])")
        assert page.inner_text("#fq") == "Ông/Bà nộp hồ sơ bằng cách nào?"
        assert page.inner_text("#fstep") == "Câu 1/6"
        assert page.is_hidden("#fback")
        _checks(page)
        screenshot(page, "kiosk-form-800x1280-choice")
        # a required question: the device says so, in Vietnamese then in English
        _next(page)
        assert page.inner_text("#fmsg") == "Vui lòng trả lời câu hỏi này."
        _checks(page)
        page.click("#lang")
        page.wait_for_function("document.documentElement.lang === 'en'")
        assert page.inner_text("#fq") == "How did you file?"
        _next(page)
        assert page.inner_text("#fmsg") == "Please answer this question."
        page.click("#lang")
        page.wait_for_function("document.documentElement.lang === 'vi'")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")

        # offline from here on
        context.set_offline(True)
        # by keyboard: "Trực tuyến", then the question asked only for online filing
        page.focus("#fbody button:nth-child(2)")
        page.keyboard.press("Enter")
        assert page.get_attribute("#fbody button:nth-child(2)", "aria-pressed") == "true"
        page.focus("#fnext")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('#fstep').textContent === 'Câu 2/6'")
        assert "khó khăn" in page.inner_text("#fq")
        page.locator("#fbody button", has_text="Mạng chậm").click()
        page.locator("#fbody button", has_text="Chữ ký số").click()
        _checks(page)
        _next(page)
        # the faces, by touch
        assert page.locator("#fbody .choice").count() == 3
        page.locator("#fbody .choice", has_text="Không hài lòng").click()
        _checks(page)
        screenshot(page, "kiosk-form-800x1280-faces")
        _next(page)
        # a number: out of range, then right; Back keeps what was answered
        page.fill("#fin", "99")
        _next(page)
        assert page.inner_text("#fmsg") == "Vui lòng nhập một số từ 1 đến 20."
        _checks(page)
        screenshot(page, "kiosk-form-800x1280-number")
        page.click("#fback")
        assert page.get_attribute("#fbody .choice:has-text('Không hài lòng')",
                                  "aria-pressed") == "true"
        _next(page)
        assert page.input_value("#fin") == "99"
        page.fill("#fin", "3")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('#fstep').textContent === 'Câu 5/6'")
        assert page.inner_text("#fq").endswith("(không bắt buộc)")
        page.fill("#fin", "Đăng ký đất đai")
        _checks(page)
        _next(page)
        page.fill("#fin", "Cần thêm ghế chờ")
        _checks(page)
        _next(page)
        page.wait_for_selector("#s-thanks:not([hidden])")
        assert "1" in page.inner_text("#queue")
        _checks(page)
        page.click("#s-thanks")
        page.wait_for_selector("#s-form:not([hidden])")
        assert page.inner_text("#fstep") == "Câu 1/6"
        assert page.get_attribute("#fbody button:nth-child(2)", "aria-pressed") == "false"

        # a second citizen, filing in person: the online question is not asked
        page.locator("#fbody button", has_text="Trực tiếp").click()
        _next(page)
        assert page.inner_text("#fstep") == "Câu 3/6"
        page.locator("#fbody .choice", has_text="Hài lòng").first.click()
        _next(page)
        page.fill("#fin", "1")
        _next(page)
        _next(page)
        _next(page)
        page.wait_for_selector("#s-thanks:not([hidden])")
        assert "2" in page.inner_text("#queue")

        # a reload without network: the kiosk and its queue are still there
        page.reload()
        page.wait_for_selector("#s-form:not([hidden])")
        assert page.inner_text("#fq") == "Ông/Bà nộp hồ sơ bằng cách nào?"
        assert "2" in page.inner_text("#queue")
        assert _stored(service, enrolled["id"]) == []

        context.set_offline(False)
        page.evaluate("() => window.dispatchEvent(new Event('online'))")
        page.wait_for_function("() => document.querySelector('#queue').textContent === ''",
                               timeout=30000)
        assert _stored(service, enrolled["id"]) == [
            {"kenh": 2, "van_de": ["mang", "ky_so"], "muc_do": 1, "so_lan": 3,
             "ten": "Đăng ký đất đai", "gop_y": "Cần thêm ghế chờ"},
            {"kenh": 1, "muc_do": 3, "so_lan": 1},
        ]
    finally:
        context.close()
