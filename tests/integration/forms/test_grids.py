"""A grid on the citizen page: one table, each statement answered, stored, exported as a
column of its own and measured like any single-choice question."""

from __future__ import annotations

import re
from typing import Any

from tests.integration.conftest import Api
from tests.integration.embed_setup import hidden_fields
from tests.integration.exports_setup import read_csv

SCALE = [{"const": 5 - i, "title": t} for i, t in enumerate(
    ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"))]
ELEMENTS = {"access": "Tiếp cận dịch vụ", "procedure": "Thủ tục hành chính",
            "servant": "Công chức giải quyết"}
GRID: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Đánh giá các yếu tố",
    "type": "object",
    "additionalProperties": False,
    "required": list(ELEMENTS),
    "properties": {
        **{name: {"title": title, "type": "integer", "oneOf": SCALE, "x-widget": "likert",
                  "x-grid": "elements"} for name, title in ELEMENTS.items()},
        "comment": {"title": "Góp ý", "type": "string", "maxLength": 500,
                    "x-widget": "textarea"},
    },
    "x-survey": {"satisfaction": {"question": "procedure", "satisfied": [4, 5]}},
}


async def test_a_grid_is_one_table_whose_rows_are_questions(
    api: Api, province: dict[str, str]
) -> None:
    r = await api.call("POST", "/api/v1/forms", province["designer"],
                       json={"slug": "yeu-to", "definition": GRID, "access": "open"})
    assert r.status_code == 201, r.text
    assert (await api.call("POST", "/api/v1/forms/yeu-to/publish",
                           province["designer"])).status_code == 200
    page = (await api.client.get("/f/yeu-to")).text
    assert page.count('<table class="grid">') == 1
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page)
    assert headers == [o["title"] for o in SCALE]
    rows = re.findall(r'<tr class="q grid-row[^"]*" id="q-(\w+)"', page)
    assert rows == list(ELEMENTS)
    assert '<th scope="row" id="t-access"><span class="n">1.</span> Tiếp cận dịch vụ' in page
    assert '<span class="n">4.</span> Góp ý' in page  # the next question goes on counting
    fields = hidden_fields(page)
    # a row left out is named in the summary with its number
    r = await api.client.post("/f/yeu-to", data=fields | {"access": "5", "servant": "3"})
    assert r.status_code == 422
    assert re.search(r'href="#f-procedure-0"[^>]*>Câu <span class="sn">2</span>', r.text)
    assert 'id="f-access-0" name="access" value="5" checked' in r.text
    r = await api.client.post("/f/yeu-to", data=fields | {
        "access": "5", "procedure": "2", "servant": "4"})
    assert r.status_code == 303, r.text

    # a column per statement, labelled
    r = await api.call("GET", "/api/v1/exports/responses?form=yeu-to&format=csv",
                       province["analyst"])
    row = read_csv(r.content)[0]
    values = {key.split(":")[0]: value for key, value in row.items()}
    assert values["access"] == "5" and values["procedure"] == "2" and values["servant"] == "4"
    assert "Không hài lòng" in row.values()
    # each row is measured like any single-choice question; one is the satisfaction measure
    r = await api.call("GET", "/api/v1/forms/yeu-to/results", province["analyst"])
    assert r.status_code == 200, r.text
    blocks = {b["key"]: b for b in r.json()["questions"]}
    assert blocks["servant"]["answered"] == 1 and blocks["servant"]["kind"] == "rating"
    responses = await api.call("GET", "/api/v1/responses?form=yeu-to", province["analyst"])
    assert responses.json()["items"][0]["satisfied"] is False  # procedure = 2
