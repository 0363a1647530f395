"""Texts of the citizen form: numbers written the Vietnamese way, one explanation of the
NPS scale, a favicon, summary numbers the script can renumber."""

from __future__ import annotations

import copy
import re

from embed import Chrome, render_form
from embed.assets import asset
from form_schemas import compile_form, load_template


def _number_form(maximum: int) -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Số lần",
        "type": "object", "additionalProperties": False,
        "properties": {"lan": {"title": "Số tiền?", "type": "integer", "x-widget": "number",
                               "minimum": 0, "maximum": maximum}},
    }


def test_number_bounds_are_written_as_people_write_them() -> None:
    form = compile_form(_number_form(100000))
    vi = render_form(form, Chrome(locale="vi"), action="/f/x", hidden={})
    en = render_form(form, Chrome(locale="en"), action="/f/x", hidden={})
    assert "Từ 0 đến 100.000." in vi and "100000" not in vi
    assert "From 0 to 100,000." in en


def test_the_nps_scale_is_explained_once() -> None:
    definition = load_template("nps")
    html = render_form(compile_form(definition), Chrome(locale="vi"), action="/f/n", hidden={})
    assert "0 = chắc chắn không giới thiệu, 10 = chắc chắn sẽ giới thiệu." in html
    assert 'id="h-recommend"' not in html  # no second explanation under it
    # a question without its own explanation gets the standard one
    bare = copy.deepcopy(definition)
    del bare["properties"]["recommend"]["description"]
    del bare["x-survey"]["translations"]["en"]["properties"]["recommend"]["description"]
    html = render_form(compile_form(bare), Chrome(locale="vi"), action="/f/n", hidden={})
    assert 'id="h-recommend"' in html and 'id="d-recommend"' not in html


def test_the_form_page_has_a_favicon_that_exists() -> None:
    html = render_form(compile_form(_number_form(5)), Chrome(), action="/f/x", hidden={})
    link = re.search(r'<link rel="icon" type="image/svg\+xml" href="/embed/v1/([^"?]+)\?v=',
                     html)
    assert link and asset(link.group(1)) is not None
    assert asset("favicon.svg").media_type == "image/svg+xml"


def test_summary_numbers_are_marked_for_the_script() -> None:
    form = compile_form(load_template("communication"))
    html = render_form(form, Chrome(locale="vi"), action="/f/c", hidden={},
                       issues=[{"path": "/overall", "code": "required",
                                "message": "Vui lòng <trả lời>."}])
    item = re.search(r'<a href="#[^"]+" data-q="q-overall">(.*?)</a>', html)
    assert item and item.group(1) == 'Câu <span class="sn">4</span>: Vui lòng &lt;trả lời&gt;.'
