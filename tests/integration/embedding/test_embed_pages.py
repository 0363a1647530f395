"""The form pages without JavaScript: posts, re-renders, conditions, languages, escaping."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import httpx

from forms_service.responses.tables import Response
from tests.integration.conftest import Api
from tests.integration.definitions import with_required_reason
from tests.integration.embed_setup import SERVICE, Portal, error_code, portal_key
from tests.unit.embed.definitions import ALL_WIDGETS


async def _stored() -> list[dict[str, Any]]:
    rows = await Response.select(
        Response.answers, Response.channel, Response.locale, Response.service.code,
        Response.dossier_hash,
    ).order_by(Response.id).run()
    for row in rows:
        if isinstance(row["answers"], str):
            row["answers"] = json.loads(row["answers"])
    return rows


def multipart(fields: list[tuple[str, str]], *, file: tuple[str, str] | None = None,
              boundary: str = "phieuBOUNDARY42") -> tuple[bytes, dict[str, str]]:
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n")
    if file:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file[0]}"; '
                     f'filename="{file[1]}"\r\nContent-Type: text/plain\r\n\r\nnội dung\r\n')
    body = ("".join(parts) + f"--{boundary}--\r\n").encode("utf-8")
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


async def test_urlencoded_post_stores_and_thanks(api: Api, province: dict[str, str]) -> None:
    portal = await portal_key(api)
    token = portal.token(channel="mobile")
    r = await api.client.post("/f/hai-long", data={"_t": token, "_lang": "vi", "overall": "1",
                                                   "reason": "Chờ quá lâu"})
    assert r.status_code == 303
    location = r.headers["location"]
    assert location.startswith("/f/hai-long/thanks?r=")
    [row] = await _stored()
    assert row["answers"] == {"overall": 1, "reason": "Chờ quá lâu"}
    assert (row["channel"], row["locale"], row["service.code"]) == ("mobile", "vi", SERVICE)
    r = await api.client.get(location)
    assert r.status_code == 200 and "Xin cảm ơn" in r.text
    event = re.search(r'data-event="([^"]+)"', r.text)
    assert event is not None
    payload = json.loads(event.group(1).replace("&#34;", '"'))
    assert payload["type"] == "phieu:submitted" and isinstance(payload["id"], int)
    r = await api.client.get("/f/hai-long/thanks?r=1.forged")
    assert r.status_code == 404 and "phieu:submitted" not in r.text


async def test_multipart_post_is_parsed(api: Api, province: dict[str, str]) -> None:
    portal = await portal_key(api)
    body, headers = multipart([("_t", portal.token()), ("overall", "1"),
                               ("reason", "Thủ tục rườm rà")])
    r = await api.client.post("/f/hai-long", content=body, headers=headers)
    assert r.status_code == 303, r.text
    [row] = await _stored()
    assert row["answers"] == {"overall": 1, "reason": "Thủ tục rườm rà"}


async def test_a_file_part_is_refused_cleanly(api: Api, province: dict[str, str]) -> None:
    portal = await portal_key(api)
    body, headers = multipart([("_t", portal.token()), ("overall", "3")],
                              file=("reason", "thu.txt"))
    r = await api.client.post("/f/hai-long", content=body, headers=headers)
    assert r.status_code == 400 and error_code(r.text) == "file_not_accepted"
    assert "Không nhận tệp" in r.text
    r = await api.client.post("/f/hai-long", content=body,
                              headers=headers | {"Accept": "application/json"})
    assert r.status_code == 400 and r.json()["error"] == "file_not_accepted"
    r = await api.client.post("/f/hai-long", content=b"{}",
                              headers={"Content-Type": "application/json"})
    assert r.status_code == 415 and "<html" in r.text
    assert await _stored() == []


async def test_rerender_keeps_values_and_ties_errors_to_fields(
    api: Api, province: dict[str, str]
) -> None:
    await api.published_form(province["designer"], "moi-loai", definition=ALL_WIDGETS)
    portal = await portal_key(api)
    token = portal.token(form="moi-loai")
    typed = {"_t": token, "radio": "self", "checkboxes": ["zalo", "other"],
             "text": "Nguyễn Văn <b>A</b>", "textarea": "Dòng 1\nDòng 2", "number": "25",
             "hours": "1,5", "nps": "9", "select": "o30"}
    r = await api.client.post("/f/moi-loai", data=typed)
    assert r.status_code == 422
    html = r.text
    # the summary on top links to each field with an error
    summary = html.index('id="error-summary"')
    assert summary < html.index("<form")
    for name, anchor in (("likert", "f-likert-0"), ("other_channel", "f-other_channel"),
                         ("number", "f-number"), ("yes_no", "f-yes_no-0")):
        assert f'href="#{anchor}"' in html, name
        assert f'id="e-{name}"' in html
    assert html.count('class="err"') == 4
    # errors are tied to their fields
    assert re.search(r'<fieldset class="q w-likert bad" id="q-likert"[^>]*'
                     r'aria-describedby="e-likert"', html)
    assert re.search(r'<input type="radio" id="f-likert-0" name="likert" value="5" '
                     r'aria-invalid="true">', html)
    assert re.search(r'<input type="text" inputmode="numeric" autocomplete="off" id="f-number" '
                     r'name="number" aria-describedby="h-number e-number" aria-invalid="true"',
                     html)
    # what was typed is kept, escaped
    assert 'value="Nguyễn Văn &lt;b&gt;A&lt;/b&gt;"' in html
    assert ">\nDòng 1\nDòng 2</textarea>" in html
    assert 'value="1,5"' in html and 'value="25"' in html
    assert re.search(r'value="zalo" checked', html) and re.search(r'value="other" checked', html)
    assert re.search(r'value="9" checked', html) and re.search(r'value="o30" selected', html)
    assert re.search(r'value="self" checked', html)
    assert "Vui lòng trả lời câu hỏi này." in html
    assert await _stored() == []
    # corrected, the same page is accepted
    fixed = typed | {"likert": "4", "yes_no": "false", "other_channel": "Loa phường",
                     "number": "2", "rating": "4"}
    r = await api.client.post("/f/moi-loai", data=fixed)
    assert r.status_code == 303, r.text
    [row] = await _stored()
    assert row["answers"] == {
        "likert": 4, "radio": "self", "checkboxes": ["zalo", "other"],
        "other_channel": "Loa phường", "select": "o30", "text": "Nguyễn Văn <b>A</b>",
        "textarea": "Dòng 1\nDòng 2", "number": 2, "hours": 1.5, "nps": 9, "rating": 4,
        "yes_no": False,
    }


async def test_conditions_are_decided_on_the_server(api: Api, province: dict[str, str]) -> None:
    await api.published_form(province["designer"], "ly-do", definition=with_required_reason())
    portal = await portal_key(api)
    # reason is required only when shown (overall <= 2)
    r = await api.client.post("/f/ly-do", data={"_t": portal.token(form="ly-do"),
                                                "overall": "1"})
    assert r.status_code == 422 and 'id="e-reason"' in r.text
    # shown by the answers of this re-render, so not hidden
    assert re.search(r'<div class="q w-textarea bad" id="q-reason"', r.text)
    # hidden: not required, and its answer is dropped
    r = await api.client.post("/f/ly-do", data={"_t": portal.token(form="ly-do"),
                                                "overall": "5", "reason": "không cần"})
    assert r.status_code == 303
    [row] = await _stored()
    assert row["answers"] == {"overall": 5}


async def test_languages(api: Api, province: dict[str, str]) -> None:
    portal = await portal_key(api)
    token = portal.token()

    async def page(**kwargs: Any) -> str:
        r = await api.client.get("/f/hai-long", **kwargs)
        assert r.status_code == 200
        return r.text

    vi = await page(params={"t": token})
    assert '<html lang="vi"' in vi and "Gửi câu trả lời" in vi
    assert "Ông/Bà đánh giá thế nào" in vi and "Câu hỏi có dấu * là bắt buộc." in vi
    assert unicodedata.is_normalized("NFC", vi)
    en = await page(params={"t": token, "lang": "en"})
    assert '<html lang="en"' in en and "Send answers" in en
    assert "How do you rate the handling" in en and "Very satisfied" in en
    assert 'hreflang="vi"' in en
    # without a locale claim, the browser's languages decide
    bare = portal.token(locale=None)
    accept = await page(params={"t": bare}, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Send answers" in accept
    assert "Gửi câu trả lời" in await page(params={"t": bare},
                                          headers={"Accept-Language": "fr, vi;q=0.5"})
    claim = await page(params={"t": portal.token(locale="en")})
    assert "Send answers" in claim
    override = await page(params={"t": portal.token(locale="en"), "lang": "vi"})
    assert "Gửi câu trả lời" in override
    # errors in the page's language
    r = await api.client.post("/f/hai-long", data={"_t": token, "_lang": "en"})
    assert r.status_code == 422 and "Please answer this question." in r.text
    r = await api.client.get("/f/hai-long", params={"t": "x.y", "lang": "en"})
    assert "This survey link is not valid" in r.text
    r = await api.client.get("/f/hai-long", params={"t": "x.y"})
    assert "Đường dẫn khảo sát không hợp lệ" in r.text


async def test_everything_typed_or_designed_is_escaped(
    api: Api, province: dict[str, str]
) -> None:
    evil = "<script>alert('x')</script>"
    definition = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Tiêu đề {evil}", "description": f"Mô tả {evil}",
        "type": "object", "additionalProperties": False, "required": ["pick"],
        "properties": {
            "pick": {"title": f"Câu {evil}", "description": f"Gợi ý {evil}",
                     "type": "string", "x-widget": "radio",
                     "oneOf": [{"const": "a\"><script>", "title": f"Chọn {evil}"},
                               {"const": "b", "title": "B"}]},
            "note": {"title": "Ghi chú", "type": "string", "x-widget": "text", "maxLength": 99,
                     "x-show-if": {"properties": {"pick": {"const": "a\"><script>"}},
                                   "required": ["pick"]}},
        },
    }
    await api.published_form(province["designer"], "thu-thoat", definition=definition)
    portal = await portal_key(api)
    r = await api.client.post("/f/thu-thoat", data={"_t": portal.token(form="thu-thoat"),
                                                    "note": evil, "pick": "zzz"})
    assert r.status_code == 422
    assert "<script>alert" not in r.text and "<script>" not in r.text.split("</head>")[1]
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in r.text
    assert 'value="a&#34;&gt;&lt;script&gt;"' in r.text


async def test_json_clients_get_json(api: Api, province: dict[str, str]) -> None:
    portal = await portal_key(api)
    headers = {"Accept": "application/json"}
    r = await api.client.post("/f/hai-long", data={"_t": portal.token()}, headers=headers)
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "/overall"
    r = await api.client.post("/f/hai-long", data={"_t": portal.token(), "overall": "2"},
                              headers=headers)
    assert r.status_code == 201 and isinstance(r.json()["id"], int)


async def test_a_page_post_and_the_api_share_the_dossier(
    api: Api, province: dict[str, str]
) -> None:
    r = await api.call("POST", "/api/v1/responses", province["portal"], json={
        "form": "hai-long", "service": SERVICE, "dossier": "HS-0001", "answers": {"overall": 2}})
    assert r.status_code == 201
    portal: Portal = await portal_key(api)
    r = await api.client.get("/f/hai-long", params={"t": portal.token(dossier=" HS-0001 ")})
    assert r.status_code == 409 and error_code(r.text) == "already_answered"


async def test_body_limit_gives_a_page(api: Api, province: dict[str, str]) -> None:
    portal = await portal_key(api)
    big = "x" * (api.ctx.settings.max_body_bytes + 10)
    r = await api.client.post("/f/hai-long", data={"_t": portal.token(), "reason": big})
    assert r.status_code == 413 and error_code(r.text) == "payload_too_large"
    assert isinstance(r, httpx.Response)
