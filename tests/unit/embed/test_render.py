"""Rendering every widget: labels, fieldsets and legends, required markers, errors."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from embed import Chrome, render_form, render_message, render_thanks
from form_schemas import compile_form, list_templates, load_template
from tests.unit.embed.definitions import ALL_WIDGETS

FORM = compile_form(ALL_WIDGETS)


class Page(HTMLParser):
    """Collects elements with their attributes, and the text inside labels and legends."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.label_for: dict[str, str] = {}
        self._label: str | None = None
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.elements.append((tag, values))
        if tag == "label":
            self._label = values.get("for", "")
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label is not None:
            self.label_for[self._label] = " ".join("".join(self._text).split())
            self._label = None

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self._text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements
                if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]


def render(locale: str = "vi", **kwargs: object) -> str:
    return render_form(FORM, Chrome(locale=locale), action="/f/moi-loai",
                       hidden={"_t": "token"}, **kwargs)  # type: ignore[arg-type]


def test_every_control_has_a_label() -> None:
    page = Page(render())
    controls = [a for t, a in page.elements
                if t in ("input", "select", "textarea") and a.get("type") != "hidden"]
    assert len(controls) == 5 + 2 + 3 + 1 + 1 + 1 + 1 + 1 + 1 + 11 + 5 + 2
    for control in controls:
        assert page.label_for.get(control["id"]), control


@pytest.mark.parametrize("name", ["likert", "radio", "checkboxes", "nps", "rating", "yes_no"])
def test_choice_groups_are_fieldsets_with_legends(name: str) -> None:
    html = render()
    block = re.search(rf'<fieldset class="q w-{name}" id="q-{name}".*?</fieldset>', html, re.S)
    assert block, name
    legend = re.search(r"<legend>(.*?)</legend>", block.group(0), re.S)
    assert legend and FORM.question(name).title() in legend.group(1)
    kind = "checkbox" if name == "checkboxes" else "radio"
    inputs = re.findall(rf'<input type="{kind}" id="f-{name}-\d+" name="{name}"', block.group(0))
    assert len(inputs) == len(FORM.question(name).choices)


@pytest.mark.parametrize("name", ["select", "text", "textarea", "number", "hours",
                                  "other_channel"])
def test_single_controls_are_labelled_by_their_question(name: str) -> None:
    page = Page(render())
    assert FORM.question(name).title() in page.label_for[f"f-{name}"]


def test_widget_specifics() -> None:
    html = render()
    page = Page(html)
    assert page.find("select", id="f-select") and "Chọn…" in html
    assert page.find("textarea", id="f-textarea", maxlength="2000")
    assert page.find("input", id="f-text", maxlength="100")
    assert page.find("input", id="f-number", inputmode="numeric")
    assert page.find("input", id="f-hours", inputmode="decimal")
    assert "Từ 0 đến 20." in html and "Tối thiểu 0." in html
    assert [a["value"] for a in page.find("input", name="nps")] == [str(n) for n in range(11)]
    assert "0 = hoàn toàn không, 10 = chắc chắn có." in html
    assert page.label_for["f-rating-2"] == "★3 trên 5 sao"  # the star is aria-hidden
    assert [page.label_for[f"f-yes_no-{i}"] for i in (0, 1)] == ["Có", "Không"]
    assert [a["value"] for a in page.find("input", name="yes_no")] == ["true", "false"]
    assert page.find("p", id="d-textarea")
    assert 'aria-describedby="d-textarea"' in html


def test_required_markers() -> None:
    html = render()
    required = {q.name for q in FORM.questions if q.required}
    assert required == {"likert", "radio", "nps", "yes_no", "other_channel"}
    for block in re.findall(r'id="q-[a-z_]+".*?(?:</legend>|</label>)', html, re.S):
        name = re.match(r'id="q-([a-z_]+)"', block).group(1)  # type: ignore[union-attr]
        has_marker = '<span class="req"><span aria-hidden="true">*</span>' in block
        assert has_marker == (name in required), name
        if has_marker:
            assert "(bắt buộc)" in block
    assert 'aria-required="true"' in html
    assert "Câu hỏi có dấu * là bắt buộc." in html


def test_conditional_questions_carry_their_condition_and_a_note() -> None:
    html = render()
    block = re.search(r'<div class="q w-text" id="q-other_channel"[^>]*>', html)
    assert block and "data-show-if=" in block.group(0) and "hidden" not in block.group(0)
    assert "Chỉ trả lời nếu ở câu 3 Ông/Bà có chọn “Khác”." in html
    english = render("en")
    assert "Answer only if you ticked “Khác” in question 3." in english


def test_errors_are_tied_to_fields_and_summarised() -> None:
    issues = [{"path": "/likert", "code": "required", "message": "Vui lòng trả lời câu hỏi này."},
              {"path": "/text", "code": "max_length", "message": "Quá dài."},
              {"path": "/checkboxes/1", "code": "choice", "message": "Chọn lại."}]
    html = render(values={"text": ["x" * 120]}, issues=issues)
    page = Page(html)
    summary = html.index('id="error-summary"')
    assert summary < html.index("<form") and 'role="alert"' in html
    for anchor in ("f-likert-0", "f-text", "f-checkboxes-0"):
        assert f'href="#{anchor}"' in html
    assert 'Câu <span class="sn">1</span>: Vui lòng trả lời câu hỏi này.' in html
    [text] = page.find("input", id="f-text")
    assert text["aria-invalid"] == "true" and text["aria-describedby"] == "e-text"
    assert page.find("p", id="e-text")
    [fieldset] = page.find("fieldset", id="q-likert")
    assert fieldset["aria-describedby"] == "e-likert"
    assert all(a.get("aria-invalid") == "true" for a in page.find("input", name="likert"))
    assert html.startswith("<!doctype html>") and "<title>Lỗi: Mọi loại câu hỏi</title>" in html


def test_values_are_kept_and_escaped() -> None:
    html = render(values={"text": ['"><script>x</script>'], "likert": ["4"],
                          "checkboxes": ["tv", "other"], "select": ["u30"],
                          "textarea": ["</textarea><script>"]})
    assert "<script>x" not in html and "</textarea><script>" not in html
    assert 'value="&#34;&gt;&lt;script&gt;x&lt;/script&gt;"' in html
    assert re.search(r'value="4" checked', html) and re.search(r'value="u30" selected', html)
    assert re.search(r'value="tv" checked', html) and re.search(r'value="other" checked', html)


def test_english_uses_the_translations() -> None:
    html = render("en")
    assert '<html lang="en"' in html and "How satisfied are you?" in html
    assert "Very satisfied" in html and "Send answers" in html and "(required)" in html


@pytest.mark.parametrize("name", [t.name for t in list_templates()])
def test_every_template_renders(name: str) -> None:
    form = compile_form(load_template(name))
    html = render_form(form, Chrome(), action=f"/f/{name}", hidden={})
    assert html.count('class="q ') == len(form.questions)


def test_message_and_thanks_pages() -> None:
    html = render_message("token_expired", Chrome(origins=("https://a.gov.vn",)),
                          detail="Mã ngữ cảnh đã hết hạn.")
    assert "Đường dẫn khảo sát đã hết hạn" in html and "<code>token_expired</code>" in html
    assert 'data-event="{&#34;type&#34;:&#34;phieu:error&#34;,&#34;code&#34;:&#34;token_expired' \
        in html
    assert 'data-origins="https://a.gov.vn"' in html
    thanks = render_thanks(Chrome(locale="en"), form_title="<b>SIPAS</b>", response_id=7)
    assert "Thank you" in thanks and "&lt;b&gt;SIPAS" in thanks
    assert "{&#34;type&#34;:&#34;phieu:submitted&#34;,&#34;id&#34;:7}" in thanks
    assert "Điều gì" not in render_message("no_such_code", Chrome())
