"""Grids in the designer: likert and radio questions made rows of one table by a shared
grid name, kept when the question is edited again, and refused with the form
validation's own message when the rows do not share their options."""

from __future__ import annotations

import re
from typing import Any

from tests.integration.designer.test_designer import H29, blank, draft, post

BASE = "/designer/forms/khao-sat"


async def _rows(designer: Any) -> None:
    await blank(designer)
    for name, title in (("tiep_can", "Tiếp cận dịch vụ"), ("thu_tuc", "Thủ tục hành chính"),
                        ("cong_chuc", "Công chức giải quyết")):
        r = await post(designer, f"{BASE}/questions", title=title, widget="likert", name=name)
        assert r.status_code == 303, r.text
    r = await post(designer, f"{BASE}/questions", title="Góp ý", widget="textarea",
                   name="gop_y")
    assert r.status_code == 303, r.text


async def test_a_grid_is_made_kept_and_undone(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    await _rows(designer)
    page = (await designer.get(BASE)).text
    assert 'id="q-tiep_can-grid" name="grid"' in page  # offered for likert questions
    assert 'id="q-gop_y-grid"' not in page  # not for free text
    for name in ("tiep_can", "thu_tuc"):
        r = await post(designer, f"{BASE}/questions/{name}/edit", title=name, required="1",
                       grid="yeu_to")
        assert r.status_code == 303, r.text
    page = (await designer.get(BASE)).text
    # the next question may join the grid of the one before it in one tick
    question = page[page.index('id="q-cong_chuc"'):page.index('id="q-gop_y"')]
    assert "Thêm câu hỏi này làm một hàng của bảng “yeu_to”" in question
    assert '<option value="yeu_to">' in question
    assert 'name="grid_previous"' not in page[page.index('id="q-thu_tuc"'):page.index(
        'id="q-cong_chuc"')]  # already a row of it
    r = await post(designer, f"{BASE}/questions/cong_chuc/edit", title="Công chức",
                   grid="", grid_previous="1")
    assert r.status_code == 303, r.text
    properties = (await draft("khao-sat"))["properties"]
    assert [properties[n].get("x-grid") for n in properties] == [
        None, "yeu_to", "yeu_to", "yeu_to", None]
    page = (await designer.get(BASE)).text
    assert page.count("Bảng: yeu_to") == 3
    assert 'id="q-thu_tuc-grid" name="grid" type="text" value="yeu_to"' in page

    # editing the texts again keeps the grid; the preview draws one table
    r = await post(designer, f"{BASE}/questions/thu_tuc/edit", title="Thủ tục",
                   grid="yeu_to")
    assert r.status_code == 303
    preview = (await designer.get(f"{BASE}/preview")).text
    assert preview.count('<table class="grid">') == 1
    assert re.findall(r'<tr class="q grid-row[^"]*" id="q-(\w+)"', preview) == [
        "tiep_can", "thu_tuc", "cong_chuc"]

    # an empty name takes the question out of the grid
    r = await post(designer, f"{BASE}/questions/cong_chuc/edit", title="Công chức", grid="")
    assert r.status_code == 303
    assert "x-grid" not in (await draft("khao-sat"))["properties"]["cong_chuc"]


async def test_a_wrong_grid_is_refused_next_to_its_question(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    await _rows(designer)
    for name in ("tiep_can", "thu_tuc"):
        await post(designer, f"{BASE}/questions/{name}/edit", title=name, grid="yeu_to")
    before = await draft("khao-sat")

    # other options on one row: the validation's message beside that question
    r = await post(designer, f"{BASE}/questions/thu_tuc/choices", value=["1", "2"],
                   label=["Không", "Có"], label_en=["", ""])
    assert r.status_code in (400, 422), r.text
    message = ('Các dòng của bảng "yeu_to" dùng chung một thang đo: hãy cho câu hỏi này '
               'cùng các phương án như "tiep_can".').replace('"', "&#34;")
    question = r.text[r.text.index('id="q-thu_tuc"'):r.text.index('id="q-cong_chuc"')]
    assert message in question or message.replace("&#34;", "&quot;") in question, question
    assert 'role="alert"' in r.text

    # a row away from the others, and a name that is not one
    r = await post(designer, f"{BASE}/questions/cong_chuc/edit", title="x", grid="khac")
    assert r.status_code == 303  # a grid of its own is fine
    r = await post(designer, f"{BASE}/questions/gop_y/edit", title="Góp ý", grid="yeu_to")
    assert r.status_code in (400, 422)
    question = r.text[r.text.index('id="q-gop_y"'):]
    assert "phải là câu hỏi likert hoặc radio" in question
    r = await post(designer, f"{BASE}/questions/cong_chuc/edit", title="x", grid="Yếu tố")
    assert r.status_code in (400, 422)
    question = r.text[r.text.index('id="q-cong_chuc"'):r.text.index('id="q-gop_y"')]
    assert "1 đến 32 chữ cái Latin thường, chữ số hoặc dấu gạch dưới" in question
    r = await designer.post(f"{BASE}/questions/cong_chuc/edit?lang=en", data={
        "csrf_token": designer.csrf_token, "title": "x", "grid": "Yếu tố"})
    assert "1 to 32 lowercase letters" in r.text
    properties = (await draft("khao-sat"))["properties"]
    assert properties["thu_tuc"]["x-grid"] == "yeu_to"
    assert properties["thu_tuc"].get("oneOf") == before["properties"]["thu_tuc"].get("oneOf")
    assert properties["cong_chuc"]["x-grid"] == "khac" and "x-grid" not in properties["gop_y"]
