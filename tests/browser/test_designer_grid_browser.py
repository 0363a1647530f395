"""Grids in the designer, in Chromium at 1280 px with the keyboard only: two likert
questions made rows of one grid, the preview drawing them as one table, and a row with
other options refused beside its question; axe-core on each state of the editor."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Service, make_person, screenshot, sign_in_page
from tests.browser.test_designer_browser import check_axe, press_and_wait, tab_to

EMAIL = "thiet.ke.bang@browser.phieu.vn"
SLUG = "dz-grid"
SCALE = [{"const": 5 - i, "title": t} for i, t in enumerate(
    ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"))]
YES_NO = [{"const": 1, "title": "Có"}, {"const": 0, "title": "Không"}]
DEFINITION: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Đánh giá các yếu tố",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "tiep_can": {"title": "Tiếp cận dịch vụ", "type": "integer", "oneOf": SCALE,
                     "x-widget": "likert"},
        "thu_tuc": {"title": "Thủ tục hành chính", "type": "integer", "oneOf": SCALE,
                    "x-widget": "likert"},
        "huong_dan": {"title": "Có được hướng dẫn không?", "type": "integer",
                      "oneOf": YES_NO, "x-widget": "radio"},
    },
}


def set_grid(page: Any, name: str, grid: str) -> None:
    """Open the question's editing panel, write the grid name, save: keyboard only."""
    tab_to(page, f"#q-{name} .dz-panel > summary", limit=150)
    page.keyboard.press("Enter")
    tab_to(page, f"#q-{name}-grid", limit=15)
    page.keyboard.press("Control+A")
    page.keyboard.type(grid)
    tab_to(page, f"#q-{name} .dz-panel form button[type=submit]", limit=10)
    press_and_wait(page)


def test_make_a_grid_with_the_keyboard(browser: Any, service: Service) -> None:
    r = service.call("POST", "/api/v1/forms", service.designer,
                     json={"slug": SLUG, "definition": DEFINITION, "access": "open"})
    assert r.status_code == 201, r.text
    make_person(service, EMAIL, "designer", name="Trần Văn Bảng")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in_page(page, service, EMAIL, next_path=f"/designer/forms/{SLUG}")
        check_axe(page, "editor before the grid")
        set_grid(page, "tiep_can", "yeu_to")
        assert page.evaluate("() => document.activeElement.id") == "q-tiep_can-h"
        # the next question joins the grid just made with one tick
        tab_to(page, "#q-thu_tuc .dz-panel > summary", limit=150)
        page.keyboard.press("Enter")
        tab_to(page, "#q-thu_tuc-grid-previous", limit=20)
        assert "bảng “yeu_to”" in page.inner_text("label[for=q-thu_tuc-grid-previous]")
        page.keyboard.press("Space")
        tab_to(page, "#q-thu_tuc .dz-panel form button[type=submit]", limit=10)
        press_and_wait(page)
        assert page.locator(".dz-badge", has_text="Bảng: yeu_to").count() == 2
        check_axe(page, "editor with a grid")
        page.locator("#preview-frame").scroll_into_view_if_needed()  # it loads lazily
        frame = page.frame_locator("#preview-frame")
        frame.locator("table.grid").wait_for()
        assert frame.locator("table.grid tr.grid-row").count() == 2
        screenshot(page, "designer-grid-1280")

        # a yes/no question cannot join a five-point grid: said beside it, nothing saved
        set_grid(page, "huong_dan", "yeu_to")
        errors = page.locator("#q-huong_dan .ws-error")
        assert "dùng chung một thang đo" in errors.first.inner_text()
        assert page.locator("[role=alert]").count() >= 1
        check_axe(page, "editor with a refused grid")
        r = service.call("GET", f"/api/v1/forms/{SLUG}", service.designer)
        assert r.status_code == 200, r.text
        properties = r.json()["draft"]["properties"]
        assert properties["thu_tuc"]["x-grid"] == "yeu_to"
        assert "x-grid" not in properties["huong_dan"]
    finally:
        context.close()
