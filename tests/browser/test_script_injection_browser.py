"""Script in any text field is shown as text everywhere, in a real browser.

An agency, a service, a form title, choice labels, a question and a
citizen's comment all carry script payloads.  The pages are opened with the
Content-Security-Policy bypassed, so that only escaping stands between the
payloads and the browser: no dialog opens, no payload writes its marker to
``window`` or to the console, and each payload reads literally on the page.
The exports carry the comment as inert text (no formula, no HTML).
"""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any

import openpyxl
import pytest

from tests.browser.conftest import Service, make_person, screenshot, sign_in_page

AGENCY = "000.00.00.X66"
SERVICE = "6.666666"
SLUG = "xss-khao-sat"
EMAIL = "kiem.thu.xss@browser.phieu.vn"

P_AGENCY = 'Sở <script>window.__xss="agency";console.log("phieu-xss agency")</script>Thử'
P_SERVICE = 'Thủ tục <img src=x onerror="window.__xss=\'service\'">khai sinh'
P_TITLE = 'Khảo sát <script>window.__xss="title";alert("title")</script>'
P_LABEL = '<img src=x onerror="window.__xss=\'label\';alert(\'label\')">Hài lòng'
P_QUESTION = 'Góp ý <svg onload="window.__xss=\'question\'"></svg>'
P_COMMENT = ('=HYPERLINK("https://evil.example","x")<script>window.__xss="comment";'
             'console.log("phieu-xss comment")</script><img src=x onerror=alert("comment")>')

_dossiers = itertools.count(1)


def _definition() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": P_TITLE,
        "type": "object",
        "additionalProperties": False,
        "required": ["overall"],
        "properties": {
            "overall": {
                "title": "Ông/Bà hài lòng không?",
                "type": "integer",
                "oneOf": [{"const": 2, "title": P_LABEL},
                          {"const": 1, "title": "Không hài lòng"}],
                "x-widget": "radio",
            },
            "comment": {"title": P_QUESTION, "type": "string", "maxLength": 2000,
                        "x-widget": "textarea"},
        },
        "x-survey": {"satisfaction": {"question": "overall", "satisfied": [2]}},
    }


@pytest.fixture(scope="module")
def hostile(service: Service) -> dict[str, str]:
    """An agency whose every text carries a payload, with answers and a published form."""
    r = service.call("POST", "/api/v1/agencies", service.admin,
                     json={"code": AGENCY, "name": P_AGENCY, "kind": "province"})
    assert r.status_code == 201, r.text
    keys = {}
    for role in ("designer", "portal", "analyst"):
        r = service.call("POST", "/api/v1/api-keys", service.admin,
                         json={"role": role, "agency": AGENCY, "name": f"xss {role}"})
        assert r.status_code == 201, r.text
        keys[role] = r.json()["key"]
    r = service.call("POST", "/api/v1/services", keys["designer"], json={
        "code": SERVICE, "name": P_SERVICE, "audience": "citizen", "delivery": "full_online"})
    assert r.status_code == 201, r.text
    r = service.call("POST", "/api/v1/forms", keys["designer"],
                     json={"slug": SLUG, "definition": _definition()})
    assert r.status_code == 201, r.text
    assert service.call("POST", f"/api/v1/forms/{SLUG}/publish",
                        keys["designer"]).status_code == 200
    for index in range(12):  # enough answers for the public pages to show the numbers
        r = service.call("POST", "/api/v1/responses", keys["portal"], json={
            "form": SLUG, "service": SERVICE, "dossier": f"XSS-{index}",
            "answers": {"overall": 2 if index % 3 else 1}})
        assert r.status_code == 201, r.text
    r = service.call("PUT", f"/api/v1/agencies/{AGENCY}/publication", keys["designer"],
                     json={"publish_results": True})
    assert r.status_code == 200, r.text
    make_person(service, EMAIL, "analyst", agency=AGENCY, name="Kiểm Thử")
    return keys


class Watch:
    """A page that records dialogs and console messages."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.console: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda message: self.console.append(message.text))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def nothing_ran(self, where: str) -> None:
        self.page.wait_for_timeout(200)  # let any onerror/onload fire
        marker = self.page.evaluate("() => window.__xss === undefined ? null : window.__xss")
        assert marker is None, f"{where}: payload {marker!r} ran"
        assert self.dialogs == [], f"{where}: dialogs {self.dialogs}"
        assert not [m for m in self.console if "phieu-xss" in m], where
        images = self.page.evaluate(
            "() => Array.from(document.images).filter(i => i.getAttribute('src') === 'x').length")
        assert images == 0, f"{where}: a payload became an <img>"


def _token(service: Service, keys: dict[str, str]) -> str:
    r = service.call("POST", "/api/v1/embed-tokens", keys["portal"], json={
        "form": SLUG, "service": SERVICE, "dossier": f"XSS-PAGE-{next(_dossiers)}"})
    assert r.status_code == 201, r.text
    return str(r.json()["token"])


def test_form_and_thank_you_pages_show_payloads_as_text(
    browser: Any, service: Service, hostile: dict[str, str]
) -> None:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    watch = Watch(page)
    try:
        page.goto(f"{service.base}/f/{SLUG}?t={_token(service, hostile)}")
        text = page.inner_text("main")
        for payload in (P_TITLE, P_LABEL, P_QUESTION):
            assert payload in text, payload
        assert P_TITLE in page.title()
        watch.nothing_ran("form page")
        page.check("input[name=overall][value='2']")
        page.fill("textarea[name=comment]", P_COMMENT)
        with page.expect_navigation():
            page.click("button[type=submit]")
        assert "/thanks" in page.url
        assert P_TITLE in page.inner_text("main")
        watch.nothing_ran("thank-you page")
        screenshot(page, "script-injection-thanks")
        # the answers page again with an error: the typed comment is echoed as text
        page.goto(f"{service.base}/f/{SLUG}?t={_token(service, hostile)}")
        page.fill("textarea[name=comment]", P_COMMENT)
        with page.expect_navigation():
            page.click("button[type=submit]")  # no choice made: the form comes back
        assert page.input_value("textarea[name=comment]") == P_COMMENT
        watch.nothing_ran("form page with errors")
    finally:
        context.close()


def test_dashboard_and_public_pages_show_payloads_as_text(
    browser: Any, service: Service, hostile: dict[str, str]
) -> None:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    watch = Watch(page)
    try:
        sign_in_page(page, service, EMAIL, next_path="/dashboard")
        for path in ("/dashboard", "/dashboard/satisfaction?group_by=service",
                     "/dashboard/satisfaction?group_by=form", "/dashboard/trend"):
            response = page.goto(service.base + path)
            assert response is not None and response.status == 200, path
            watch.nothing_ran(path)
        page.goto(service.base + "/dashboard/satisfaction?group_by=service")
        assert P_SERVICE in page.inner_text("body")
        screenshot(page, "script-injection-dashboard")
        for path in ("/public", f"/public/{AGENCY}"):
            response = page.goto(service.base + path)
            assert response is not None and response.status == 200, path
            watch.nothing_ran(path)
        page.goto(f"{service.base}/public/{AGENCY}")
        body = page.inner_text("body")
        assert P_AGENCY in body and P_SERVICE in body
        screenshot(page, "script-injection-public")
    finally:
        context.close()


def test_exports_carry_payloads_as_inert_text(
    service: Service, hostile: dict[str, str]
) -> None:
    r = service.call("POST", "/api/v1/responses", hostile["portal"], json={
        "form": SLUG, "service": SERVICE, "dossier": "XSS-EXPORT",
        "answers": {"overall": 1, "comment": P_COMMENT}})
    assert r.status_code == 201, r.text
    r = service.call("GET", "/api/v1/exports/responses", hostile["analyst"],
                     params={"form": SLUG, "format": "csv"})
    assert r.status_code == 200, r.text
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'" + P_COMMENT in cells  # a leading quote: shown, never run as a formula
    assert P_COMMENT not in cells
    assert any(P_LABEL in cell for cell in cells)
    r = service.call("GET", "/api/v1/exports/responses", hostile["analyst"],
                     params={"form": SLUG, "format": "xlsx"})
    assert r.status_code == 200, r.text
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"a formula in {sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                    found.append(cell.value)
    assert "'" + P_COMMENT in found
