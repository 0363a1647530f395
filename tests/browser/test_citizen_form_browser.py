"""The citizen form in Chromium: visible questions numbered live, the summary's numbers
with them, a favicon that loads, at phone and desktop widths, checked by axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Service, axe_serious, screenshot

WIDTHS = {360: {"width": 360, "height": 740}, 1280: {"width": 1280, "height": 900}}


NUMBERS = """() => Array.from(document.querySelectorAll('[data-name]'))
    .filter(q => !q.hidden).map(q => [q.getAttribute('data-name'),
                                      q.querySelector('.n').textContent])"""


def _numbers(page: Any) -> list[tuple[str, str]]:
    return [tuple(pair) for pair in page.evaluate(NUMBERS)]


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_visible_questions_are_numbered_live(browser: Any, service: Service, width: int) -> None:
    context = browser.new_context(viewport=WIDTHS[width], bypass_csp=True, locale="vi-VN")
    page = context.new_page()
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url)
            if r.status >= 400 and r.request.method == "GET" else None)
    page.goto(f"{service.base}/f/b-communication")
    page.wait_for_load_state("networkidle")
    # heard_from_other is hidden: 1, 2, 3, 4 without a gap
    assert _numbers(page) == [("heard_from", "1."), ("submission", "2."), ("overall", "3."),
                              ("suggestion", "4.")]
    page.locator("input[name=heard_from][value=other]").check()
    assert _numbers(page) == [("heard_from", "1."), ("heard_from_other", "2."),
                              ("submission", "3."), ("overall", "4."), ("suggestion", "5.")]
    # the note for pages without script is not shown under a question the script shows
    assert not page.locator("#q-heard_from_other .note").is_visible()
    page.locator("input[name=heard_from][value=other]").uncheck()
    assert [n for _, n in _numbers(page)] == ["1.", "2.", "3.", "4."]
    assert axe_serious(page) == []
    screenshot(page, f"citizen-numbering-{width}")
    # the error summary counts the same way
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    links = page.evaluate("""() => Array.from(document.querySelectorAll('#error-summary a'))
        .map(a => [a.getAttribute('data-q'), a.textContent])""")
    shown = dict(_numbers(page))
    assert links, "the summary lists the missing answers"
    for target, text in links:
        number = shown[target.removeprefix("q-")].rstrip(".")
        assert text.startswith(f"Câu {number}:"), (target, text, shown)
    assert axe_serious(page) == []
    screenshot(page, f"citizen-numbering-{width}-errors")
    # the favicon and every other file of the page load (no 404)
    icon = page.evaluate("document.querySelector('link[rel=icon]').href")
    assert "/embed/v1/favicon.svg" in icon
    assert not missing, missing
    context.close()


def test_without_javascript_the_note_says_when_to_answer(browser: Any, service: Service) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=WIDTHS[360],
                                  locale="vi-VN")
    page = context.new_page()
    page.goto(f"{service.base}/f/b-communication")
    assert page.locator("#q-heard_from_other .note").is_visible()
    assert "câu 1 " in page.locator("#q-heard_from_other .note").inner_text()
    assert [n for _, n in _numbers(page)] == ["1.", "2.", "3.", "4.", "5."]
    context.close()


def test_switching_language_keeps_what_was_typed(browser: Any, service: Service) -> None:
    context = browser.new_context(viewport=WIDTHS[360], bypass_csp=True, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{service.base}/f/b-communication")
    page.locator("input[name=heard_from][value=other]").check()
    page.locator("[name=suggestion]").fill("Thêm giờ làm việc thứ Bảy")
    with page.expect_navigation():
        page.click(".langs a[hreflang=en]")
    assert page.evaluate("document.documentElement.lang") == "en"
    # what was typed came along, and nothing is judged yet: no error summary
    assert page.locator("input[name=heard_from][value=other]").is_checked()
    assert page.locator("[name=suggestion]").input_value() == "Thêm giờ làm việc thứ Bảy"
    assert page.locator("#q-heard_from_other").is_visible()
    assert page.locator("#error-summary").count() == 0
    assert axe_serious(page) == []
    context.close()
