"""The counter kiosk in a real browser: enrolment, answers online and offline,
a reload without network, replays, a revoked device; axe-core on every screen,
screenshots on an 800×1280 tablet and a 1920×1080 kiosk screen."""

from __future__ import annotations

import sqlite3
from typing import Any

import httpx
import pytest

from forms_service.credentials.keyed import dossier_hash
from tests.browser.conftest import AGENCY, SECRET, Service, axe_serious, screenshot

FORM = "b-quick-rating"


@pytest.fixture(scope="module")
def counter(service: Service) -> dict[str, str]:
    r = service.call("POST", "/api/v1/units", service.designer,
                     json={"code": "TTHCC-K", "name": "Trung tâm Phục vụ hành chính công",
                           "kind": "centre"})
    assert r.status_code == 201, r.text
    r = service.call("POST", "/api/v1/counters", service.designer,
                     json={"code": "QK-1", "name": "Quầy 1 – Tư pháp", "unit": "TTHCC-K"})
    assert r.status_code == 201, r.text
    for code, name in (("CB-K1", "Nguyễn Văn An"), ("CB-K2", "Trần Thị Bình")):
        r = service.call("POST", "/api/v1/officers", service.designer,
                         json={"code": code, "name": name, "unit": "TTHCC-K"})
        assert r.status_code == 201, r.text
    r = service.call("POST", "/api/v1/api-keys", service.admin,
                     json={"role": "integration", "agency": AGENCY, "name": "một cửa"})
    integration = r.json()["key"]
    r = service.call("PUT", "/api/v1/counters/QK-1/on-duty", integration,
                     json={"officer": "CB-K1"})
    assert r.status_code == 200, r.text
    r = service.call("PUT", "/api/v1/officers/CB-K2/pin", service.designer, json={"pin": "2468"})
    assert r.status_code == 200, r.text
    return {"counter": "QK-1", "officer": "CB-K1"}


def _enrol(service: Service) -> dict[str, Any]:
    r = service.call("POST", "/api/v1/devices", service.designer,
                     json={"name": "Máy tính bảng quầy 1", "form": FORM, "counter": "QK-1"})
    assert r.status_code == 201, r.text
    return dict(r.json())


def _db(service: Service, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    assert service.workdir is not None
    with sqlite3.connect(service.workdir / "browser.db") as connection:
        return connection.execute(sql, args).fetchall()


def _kiosk_answers(service: Service, device: str) -> list[tuple[Any, ...]]:
    return _db(service, "SELECT k.seq, r.channel, c.code, o.code FROM kiosk_answer k "
                        "JOIN device d ON d.id = k.device JOIN response r ON r.id = k.response "
                        "LEFT JOIN counter c ON c.id = r.counter "
                        "LEFT JOIN officer o ON o.id = r.officer "
                        "WHERE d.public_id = ? ORDER BY k.seq", device)


def _answer(page: Any, index: int, reason: str | None = None) -> None:
    """Tap choice ``index`` (0 = very satisfied); the reason step for the lowest one."""
    page.locator("#choices button").nth(index).click()
    if page.locator("#s-reason").is_visible():
        if reason:
            page.fill("#reason", reason)
            page.click("#send")
        else:
            page.click("#skip")
    page.wait_for_selector("#s-thanks:not([hidden])")
    page.click("#s-thanks")
    page.wait_for_selector("#s-start:not([hidden])")


def _small_targets(page: Any) -> list[str]:
    return list(page.evaluate("""() => [...document.querySelectorAll('button, input, textarea')]
        .filter(e => e.offsetParent !== null)
        .filter(e => { const r = e.getBoundingClientRect(); return r.width < 64 || r.height < 64; })
        .map(e => e.id || e.textContent.trim())"""))


def test_offline_answers_reach_the_server_once(browser: Any, service: Service,
                                               counter: dict[str, str]) -> None:
    enrolled = _enrol(service)
    context = browser.new_context(viewport={"width": 800, "height": 1280}, bypass_csp=True)
    page = context.new_page()
    sent: list[tuple[dict[str, str], bytes]] = []
    page.on("request", lambda req: sent.append((req.headers, req.post_data_buffer or b""))
            if req.url.endswith("/api/v1/kiosk/answers") else None)
    try:
        page.goto(f"{service.base}/k/enrol#{enrolled['code']}")
        page.wait_for_selector("#s-start:not([hidden])")
        assert page.url.endswith("/k/")
        assert "Rất hài lòng" in page.inner_text("#choices")
        assert page.inner_text("#place") == "Quầy 1 – Tư pháp"
        assert axe_serious(page) == []
        assert _small_targets(page) == []
        screenshot(page, "kiosk-800x1280-start")
        _answer(page, 0)
        page.wait_for_function("() => document.querySelector('#queue').textContent === ''")
        assert len(_kiosk_answers(service, enrolled["id"])) == 1

        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        context.set_offline(True)
        for i in range(20):
            _answer(page, i % 3, reason="Chờ lâu" if i % 6 == 2 else None)
        assert "20" in page.inner_text("#queue")
        page.reload()
        page.wait_for_selector("#s-start:not([hidden])")
        assert "20" in page.inner_text("#queue")
        assert len(_kiosk_answers(service, enrolled["id"])) == 1

        context.set_offline(False)
        page.evaluate("() => window.dispatchEvent(new Event('online'))")
        page.wait_for_function("() => document.querySelector('#queue').textContent === ''",
                               timeout=30000)
        rows = _kiosk_answers(service, enrolled["id"])
        assert len(rows) == 21
        assert {(r[1], r[2], r[3]) for r in rows} == {("kiosk", "QK-1", "CB-K1")}
        # this device's answers only: the demo's own answers may give the same reason
        reasons = _db(service, "SELECT COUNT(*) FROM kiosk_answer k "
                               "JOIN device d ON d.id = k.device "
                               "JOIN response r ON r.id = k.response "
                               "WHERE d.public_id = ? AND r.answers LIKE '%Chờ lâu%'",
                      enrolled["id"])
        assert reasons[0][0] == 3  # i = 2, 8, 14

        # the same queue sent again: still 21
        posts = [(h, body) for h, body in sent if body]
        assert posts
        for headers, body in posts:
            r = httpx.post(service.base + "/api/v1/kiosk/answers", content=body, headers={
                "Content-Type": "application/json", "X-Phieu-Device": headers["x-phieu-device"],
                "X-Phieu-Signature": headers["x-phieu-signature"]}, timeout=30)
            assert r.status_code == 200 and r.json()["stored"] == 0, r.text
        assert len(_kiosk_answers(service, enrolled["id"])) == 21

        # revoked while offline: the queue is kept apart, on the device and the server
        context.set_offline(True)
        _answer(page, 1)
        _answer(page, 0)
        r = service.call("POST", f"/api/v1/devices/{enrolled['id']}/revoke", service.designer)
        assert r.status_code == 200, r.text
        context.set_offline(False)
        page.evaluate("() => window.dispatchEvent(new Event('online'))")
        page.wait_for_selector("#s-note:not([hidden])")
        assert "thu hồi" in page.inner_text("#s-note")
        assert axe_serious(page) == []
        kept = _db(service, "SELECT k.status, k.reason FROM kiosk_answer k JOIN device d "
                            "ON d.id = k.device WHERE d.public_id = ? AND k.response IS NULL",
                   enrolled["id"])
        assert kept == [("refused", "device_revoked")] * 2
        assert len(_kiosk_answers(service, enrolled["id"])) == 21
        on_device = page.evaluate("""() => new Promise(ok => {
            const r = indexedDB.open('phieu-kiosk');
            r.onsuccess = () => {
              const q = r.result.transaction('kept').objectStore('kept').count();
              q.onsuccess = () => ok(q.result); }; })""")
        assert on_device == 2
    finally:
        context.close()


def test_every_screen_on_a_kiosk_screen(browser: Any, service: Service,
                                        counter: dict[str, str]) -> None:
    enrolled = _enrol(service)
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(f"{service.base}/k/enrol#{enrolled['code']}")
        page.wait_for_selector("#s-start:not([hidden])")
        assert axe_serious(page) == [] and _small_targets(page) == []
        screenshot(page, "kiosk-1920x1080-start")
        # English, by keyboard
        page.focus("#lang")
        page.keyboard.press("Enter")
        page.wait_for_function("document.documentElement.lang === 'en'")
        assert "Very satisfied" in page.inner_text("#choices")
        page.focus("#choices button:last-child")
        page.keyboard.press("Enter")
        page.wait_for_selector("#s-reason:not([hidden])")
        assert axe_serious(page) == [] and _small_targets(page) == []
        screenshot(page, "kiosk-1920x1080-reason")
        page.keyboard.type("Too long a wait")
        page.click("#send")
        page.wait_for_selector("#s-thanks:not([hidden])")
        assert axe_serious(page) == []
        screenshot(page, "kiosk-1920x1080-thanks")
        # back to the start by itself, everything typed cleared
        page.wait_for_selector("#s-start:not([hidden])", timeout=10000)
        assert page.input_value("#reason") == ""
        # the staff screen: an officer starts a shift with a PIN
        page.click("#staff")
        page.wait_for_selector("#s-staff:not([hidden])")
        assert axe_serious(page) == [] and _small_targets(page) == []
        screenshot(page, "kiosk-1920x1080-staff")
        page.fill("#officer", "CB-K2")
        page.fill("#pin", "1111")
        page.click("#sign-on")
        page.wait_for_function("() => document.querySelector('#pin-msg').textContent !== ''")
        page.fill("#pin", "2468")
        page.click("#sign-on")
        page.wait_for_selector("#s-start:not([hidden])")
        _answer(page, 1)
        page.wait_for_function("() => document.querySelector('#queue').textContent === ''")
        rows = _kiosk_answers(service, enrolled["id"])
        assert [r[3] for r in rows] == ["CB-K1", "CB-K2"]
    finally:
        context.close()


def test_a_receipt_scanned_at_the_counter_ties_the_answer_to_its_dossier(
        browser: Any, service: Service, counter: dict[str, str]) -> None:
    enrolled = _enrol(service)
    r = service.call("POST", "/api/v1/api-keys", service.admin,
                     json={"role": "integration", "agency": AGENCY, "name": "quầy tiếp nhận"})
    assert r.status_code == 201, r.text
    dossier = "000.00.17.H29-261207-0099"
    r = service.call("POST", "/api/v1/receipt-links", r.json()["key"],
                     json={"form": FORM, "service": "1.001193", "dossier": dossier})
    assert r.status_code == 200, r.text
    link = r.json()["url"]
    context = browser.new_context(viewport={"width": 800, "height": 1280}, bypass_csp=True)
    page = context.new_page()

    def scan_and_answer(index: int) -> None:
        # a keyboard-wedge scanner types the link and Enter, focus anywhere on the page
        page.keyboard.type(link)
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('#receipt').textContent !== ''")
        assert page.locator("#s-start").is_visible()
        _answer(page, index)
        assert page.inner_text("#receipt") == ""
        page.wait_for_function("() => document.querySelector('#queue').textContent === ''")

    def rows() -> list[tuple[Any, ...]]:
        return _db(service, "SELECT k.seq, k.status, k.reason, r.dossier_hash, r.channel "
                            "FROM kiosk_answer k JOIN device d ON d.id = k.device "
                            "LEFT JOIN response r ON r.id = k.response "
                            "WHERE d.public_id = ? ORDER BY k.seq", enrolled["id"])
    try:
        page.goto(f"{service.base}/k/enrol#{enrolled['code']}")
        page.wait_for_selector("#s-start:not([hidden])")
        page.focus("#choices button")  # Enter must not tap the focused face
        page.keyboard.type(link)
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('#receipt').textContent !== ''")
        assert "biên nhận" in page.inner_text("#receipt").lower()
        assert page.locator("#s-start").is_visible()
        assert axe_serious(page) == [] and _small_targets(page) == []
        screenshot(page, "kiosk-800x1280-receipt")
        # answered with no network: the receipt waits in IndexedDB with the answer
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        context.set_offline(True)
        _answer(page, 0)
        page.reload()
        page.wait_for_selector("#s-start:not([hidden])")
        waiting = page.evaluate("""() => new Promise(ok => {
            const r = indexedDB.open('phieu-kiosk');
            r.onsuccess = () => {
              const q = r.result.transaction('queue').objectStore('queue').getAll();
              q.onsuccess = () => ok(q.result.map(a => a.receipt)); }; })""")
        assert len(waiting) == 1 and link.endswith(waiting[0]) and "&h=" in waiting[0]
        assert rows() == []
        context.set_offline(False)
        page.evaluate("() => window.dispatchEvent(new Event('online'))")
        page.wait_for_function("() => document.querySelector('#queue').textContent === ''",
                               timeout=30000)
        # not scanned: no dossier; the same receipt again: kept apart
        _answer(page, 1)
        page.wait_for_function("() => document.querySelector('#queue').textContent === ''")
        scan_and_answer(2)
        first, plain, again = rows()
        assert first[1:3] == ("stored", None) and first[4] == "kiosk"
        assert first[3] == dossier_hash(SECRET, AGENCY, dossier)
        assert plain[1] == "stored" and plain[3] is None
        assert again[1:4] == ("already_answered", "already_answered", None)
    finally:
        context.close()
