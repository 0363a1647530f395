"""Sections and pages: a paged form answered page by page without script, each page
checked on the server, answers kept going back and forth, conditions across pages."""

from __future__ import annotations

import json
import re
from typing import Any

from forms_service.responses.tables import Response
from tests.integration.conftest import Api
from tests.integration.embed_setup import hidden_fields

SCALE = [{"const": 5 - i, "title": t} for i, t in enumerate(
    ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"))]
PAGED: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Khảo sát nhiều trang",
    "type": "object",
    "additionalProperties": False,
    "required": ["overall", "reason", "again"],
    "properties": {
        "overall": {"title": "Ông/Bà hài lòng thế nào?", "type": "integer", "oneOf": SCALE,
                    "x-widget": "likert", "x-section": "Đánh giá chung"},
        "note": {"title": "Ghi chú", "type": "string", "maxLength": 200},
        "reason": {"title": "Vì sao chưa hài lòng?", "type": "string", "maxLength": 500,
                   "x-widget": "textarea", "x-section": "Lý do",
                   "x-show-if": {"properties": {"overall": {"maximum": 2}},
                                 "required": ["overall"]}},
        "again": {"title": "Ông/Bà có dùng lại dịch vụ?", "type": "boolean",
                  "x-widget": "yes_no", "x-section": "Lần sau"},
    },
    "x-survey": {"pages": True, "satisfaction": {"question": "overall", "satisfied": [4, 5]},
                 "translations": {"en": {"properties": {"reason": {"section": "Why"}}}}},
}


def _shown(html: str) -> list[str]:
    return re.findall(r'data-name="(\w+)"', html)


def _progress(html: str) -> str:
    found = re.search(r'<p id="progress-label">([^<]+)</p>', html)
    assert found, html
    return found.group(1)


async def test_a_paged_form_is_answered_page_by_page(api: Api, province: dict[str, str]) -> None:
    r = await api.call("POST", "/api/v1/forms", province["designer"],
                       json={"slug": "nhieu-trang", "definition": PAGED, "access": "open"})
    assert r.status_code == 201, r.text
    assert (await api.call("POST", "/api/v1/forms/nhieu-trang/publish",
                           province["designer"])).status_code == 200
    page = (await api.client.get("/f/nhieu-trang")).text
    assert _progress(page) == "Trang 1/3: Đánh giá chung"
    assert _shown(page) == ["overall", "note"]
    assert 'name="_go" value="next"' in page and 'value="back"' not in page
    base = hidden_fields(page)
    assert base["_page"] == "1"

    # the page is checked before the next is shown
    r = await api.client.post("/f/nhieu-trang", data=base | {"_go": "next", "note": "abc"})
    assert r.status_code == 422 and _shown(r.text) == ["overall", "note"]
    assert "Vui lòng trả lời câu hỏi này." in r.text and 'value="abc"' in r.text

    # satisfied: the page of reasons is passed over
    r = await api.client.post("/f/nhieu-trang", data=base | {
        "_go": "next", "overall": "5", "note": "abc"})
    assert r.status_code == 200 and _progress(r.text) == "Trang 3/3: Lần sau"
    carried = hidden_fields(r.text)
    assert carried["overall"] == "5" and carried["note"] == "abc" and carried["_page"] == "3"
    assert 'data-first="3"' in r.text  # overall and note were questions 1 and 2
    # back: page 1 again with its answers, the reasons still passed over
    r = await api.client.post("/f/nhieu-trang", data=carried | {"_go": "back"})
    assert _progress(r.text) == "Trang 1/3: Đánh giá chung"
    assert re.search(r'name="overall" value="5" checked', r.text)
    assert 'value="abc"' in r.text

    # dissatisfied: the reasons page comes, with the earlier answers for its condition
    r = await api.client.post("/f/nhieu-trang", data=hidden_fields(r.text) | {
        "_go": "next", "overall": "1", "note": "abc"})
    assert _progress(r.text) == "Trang 2/3: Lý do" and _shown(r.text) == ["reason"]
    assert "data-earlier=\"{&#34;overall&#34;:1,&#34;note&#34;:&#34;abc&#34;}\"" in r.text
    second = hidden_fields(r.text)
    r = await api.client.post("/f/nhieu-trang", data=second | {"_go": "next"})
    assert r.status_code == 422 and _shown(r.text) == ["reason"]
    r = await api.client.post("/f/nhieu-trang", data=second | {
        "_go": "next", "reason": "Chờ lâu"})
    assert _progress(r.text) == "Trang 3/3: Lần sau"
    third = hidden_fields(r.text)
    assert third["reason"] == "Chờ lâu"
    # an answer of an earlier page removed on the way: shown again on its page
    r = await api.client.post("/f/nhieu-trang", data={
        k: v for k, v in third.items() if k != "overall"} | {"_go": "send", "again": "true"})
    assert r.status_code == 422 and _progress(r.text).startswith("Trang 1/3")
    assert await Response.count().run() == 0
    r = await api.client.post("/f/nhieu-trang", data=third | {"_go": "send", "again": "true"})
    assert r.status_code == 303, r.text
    rows = await Response.select(Response.answers, Response.satisfied).run()
    assert len(rows) == 1 and rows[0]["satisfied"] is False
    answers = rows[0]["answers"]
    answers = json.loads(answers) if isinstance(answers, str) else answers
    assert answers == {"overall": 1, "note": "abc", "reason": "Chờ lâu", "again": True}


async def test_sections_without_pages_are_headings_on_one_page(
    api: Api, province: dict[str, str]
) -> None:
    one_page = {**PAGED, "x-survey": {"satisfaction": PAGED["x-survey"]["satisfaction"]}}
    r = await api.call("POST", "/api/v1/forms", province["designer"],
                       json={"slug": "mot-trang", "definition": one_page, "access": "open"})
    assert r.status_code == 201, r.text
    await api.call("POST", "/api/v1/forms/mot-trang/publish", province["designer"])
    page = (await api.client.get("/f/mot-trang")).text
    assert re.findall(r'<h2 class="section">([^<]+)</h2>', page) == [
        "Đánh giá chung", "Lý do", "Lần sau"]
    assert "progress-label" not in page and "_page" not in page
    assert _shown(page) == ["overall", "note", "reason", "again"]


async def test_switching_language_keeps_what_was_typed(api: Api, province: dict[str, str]) -> None:
    r = await api.call("POST", "/api/v1/forms", province["designer"],
                       json={"slug": "doi-ngon-ngu", "definition": PAGED, "access": "open"})
    assert r.status_code == 201, r.text
    await api.call("POST", "/api/v1/forms/doi-ngon-ngu/publish", province["designer"])
    base = hidden_fields((await api.client.get("/f/doi-ngon-ngu")).text)
    r = await api.client.post("/f/doi-ngon-ngu", data=base | {
        "_go": "next", "overall": "1", "note": "abc"})
    second = hidden_fields(r.text)
    # half-way through page 2, the citizen switches to English: the same page comes
    # back in English with the earlier answers carried and the typing kept, unjudged
    r = await api.client.post("/f/doi-ngon-ngu", data=second | {
        "_go": "lang:en", "reason": "Chờ lâu"})
    assert r.status_code == 200, r.text
    assert '<html lang="en"' in r.text and _progress(r.text) == "Page 2 of 3: Why"
    kept = hidden_fields(r.text)
    assert kept["_lang"] == "en" and kept["overall"] == "1" and kept["note"] == "abc"
    assert "Chờ lâu" in r.text and "error-summary" not in r.text
    # an empty page is not judged either, and an unknown language falls back to Vietnamese
    r = await api.client.post("/f/doi-ngon-ngu", data=second | {"_go": "lang:xx"})
    assert r.status_code == 200 and '<html lang="vi"' in r.text
    assert _progress(r.text).startswith("Trang 2/3") and "error-summary" not in r.text
    # and nothing was stored by switching
    assert await Response.count().run() == 0
    # the English page goes on in English
    r = await api.client.post("/f/doi-ngon-ngu", data=kept | {"_go": "next", "reason": "Slow"})
    assert _progress(r.text).startswith("Page 3 of 3")
