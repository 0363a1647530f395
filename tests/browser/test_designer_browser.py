"""The form designer in Chromium: a form built from scratch with the keyboard only,
published, then answered on its page with the condition at work; axe-core on
every designer page; screenshots at phone and desktop widths."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import (
    Service,
    axe_serious,
    make_person,
    no_horizontal_scroll,
    screenshot,
    sign_in_page,
)

EMAIL = "nguoi.thiet.ke@browser.phieu.vn"
SLUG = "dz-keyboard"
FIRST = "ong_ba_cham_may_sao"
SECOND = "vi_sao_ong_ba_chua_hai_long"


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
    raise AssertionError(f"{selector} is not reachable with the Tab key")


def focused(page: Any) -> str:
    return str(page.evaluate("() => document.activeElement.id"))


def press_and_wait(page: Any, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def check_axe(page: Any, name: str) -> None:
    violations = axe_serious(page)
    assert violations == [], f"{name}: {violations}"


def build_form(page: Any, service: Service) -> None:
    """New blank open form, a second question shown when the first is ≤ 2, by keyboard."""
    page.goto(service.base + "/designer")
    check_axe(page, "forms list")
    tab_to(page, "a[href='/designer/new']")
    press_and_wait(page)
    check_axe(page, "new form")
    tab_to(page, "#slug")
    page.keyboard.type(SLUG)
    tab_to(page, "input[name=access]")
    page.keyboard.press("ArrowDown")  # token → open
    assert page.evaluate("() => document.querySelector('input[name=access]:checked').value") \
        == "open"
    tab_to(page, "input[name=start]")
    assert focused(page) == "start-blank"
    tab_to(page, "#title")
    page.keyboard.type("Khảo sát thử bằng bàn phím")
    tab_to(page, "#question")
    page.keyboard.type("Ông/Bà chấm mấy sao?")
    tab_to(page, "#widget")
    for _ in range(5):  # likert, radio, select, checkboxes, yes_no → rating
        page.keyboard.press("ArrowDown")
    assert page.eval_on_selector("#widget", "e => e.value") == "rating"
    tab_to(page, "form.dz-new button[type=submit]")
    press_and_wait(page)
    assert page.url.endswith(f"/designer/forms/{SLUG}")  # the notice is not repeated on reload
    assert page.inner_text("#notice").startswith("Đã tạo biểu mẫu.")

    # the second question, through the section link of the editor
    tab_to(page, "a[href='#new-question-h']", limit=40)
    page.keyboard.press("Enter")
    tab_to(page, "#new-title", limit=5)
    page.keyboard.type("Vì sao Ông/Bà chưa hài lòng?")
    tab_to(page, "#new-widget", limit=3)
    page.keyboard.press("End")  # the last kind: long text
    assert page.eval_on_selector("#new-widget", "e => e.value") == "textarea"
    tab_to(page, "#new-question button[type=submit]", limit=5)
    press_and_wait(page)
    # focus lands on the new question's heading
    page.wait_for_function(f"() => document.activeElement.id === 'q-{SECOND}-h'")

    # its condition: shown when question 1 is at most 2
    tab_to(page, f"#q-{SECOND} .dz-panel-condition > summary", limit=10)
    page.keyboard.press("Enter")
    tab_to(page, f"#q-{SECOND}-source", limit=3)
    assert page.eval_on_selector(f"#q-{SECOND}-source", "e => e.value") == FIRST
    tab_to(page, f"#q-{SECOND}-operator", limit=3)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # is → is one of → is at most
    assert page.eval_on_selector(f"#q-{SECOND}-operator", "e => e.value") == "le"
    tab_to(page, f"#q-{SECOND}-value", limit=3)
    page.keyboard.type("2")
    tab_to(page, f"#q-{SECOND} .dz-panel-condition button[type=submit]", limit=5)
    press_and_wait(page)
    summary = page.locator(f"#q-{SECOND} .dz-condition-summary")
    assert summary.inner_text().startswith("Chỉ hiện khi câu 1 tối đa (≤)")
    assert focused(page) == f"q-{SECOND}-h"
    check_axe(page, "editor")


def publish(page: Any) -> None:
    # onwards from the question just edited, past the preview, to the publishing section
    tab_to(page, f"a[href='/designer/forms/{SLUG}/publish']", limit=150)
    press_and_wait(page)
    assert "Đây là phiên bản đầu tiên." in page.inner_text("main")
    check_axe(page, "publish")
    tab_to(page, "main form button[type=submit]", limit=30)
    press_and_wait(page)
    assert page.inner_text("#notice").startswith("Đã xuất bản biểu mẫu")
    page.wait_for_function("() => document.activeElement.id === 'publishing-h'")
    assert page.locator("svg[role=img]").count() == 1  # the QR code of the open form


def answer_on_the_form_page(page: Any, service: Service) -> None:
    page.goto(f"{service.base}/f/{SLUG}")
    reason = page.locator(f"textarea[name={SECOND}]")
    assert not reason.is_visible()  # no answer yet: hidden
    tab_to(page, f"input[name={FIRST}]", limit=20)
    page.keyboard.press("Space")  # 1 star
    reason.wait_for(state="visible")
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # 4 stars
    assert page.evaluate(f"() => document.querySelector('input[name={FIRST}]:checked').value") \
        == "4"
    reason.wait_for(state="hidden")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # 2 stars
    reason.wait_for(state="visible")
    tab_to(page, f"textarea[name={SECOND}]", limit=5)
    page.keyboard.type("Phải chờ lâu")
    tab_to(page, "button[type=submit]", limit=5)
    press_and_wait(page)
    assert f"/f/{SLUG}/thanks" in page.url


def test_build_publish_and_answer_with_the_keyboard(browser: Any, service: Service) -> None:
    make_person(service, EMAIL, "designer", name="Lê Thị Thiết Kế")
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  bypass_csp=True)  # to inject axe-core
    page = context.new_page()
    try:
        sign_in_page(page, service, EMAIL, next_path="/designer")
        build_form(page, service)
        screenshot(page, "designer-editor-1280")
        publish(page)
        answer_on_the_form_page(page, service)
        stored = service.responses(SLUG)
        assert [item["answers"] for item in stored] == [
            {FIRST: 2, SECOND: "Phải chờ lâu"}]

        page.goto(f"{service.base}/designer/portals")
        check_axe(page, "portals")
        page.goto(f"{service.base}/designer/forms/{SLUG}?lang=en")
        check_axe(page, "editor in English")
        assert page.inner_text("h2#questions-h").startswith("Questions")
    finally:
        context.close()


def test_designer_on_a_phone(browser: Any, service: Service) -> None:
    email = "thiet.ke.dien.thoai@browser.phieu.vn"
    make_person(service, email, "designer", name="Phạm Văn Điện Thoại")
    context = browser.new_context(viewport={"width": 360, "height": 780}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in_page(page, service, email, next_path="/designer/forms/b-sipas?pw=phone")
        assert page.locator("h1").inner_text().startswith("Khảo sát sự hài lòng")
        assert no_horizontal_scroll(page)
        check_axe(page, "editor on a phone")
        # open every panel: still no horizontal scroll
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        assert no_horizontal_scroll(page)
        screenshot(page, "designer-editor-360")
        page.locator("#preview-frame").scroll_into_view_if_needed()  # it loads lazily
        frame = page.frame_locator("#preview-frame")
        assert frame.locator("h1").inner_text().startswith("Khảo sát sự hài lòng")
        page.goto(f"{service.base}/designer")
        assert no_horizontal_scroll(page)
        screenshot(page, "designer-forms-360")
        page.goto(f"{service.base}/designer/new")
        assert no_horizontal_scroll(page)
        check_axe(page, "new form on a phone")
    finally:
        context.close()
