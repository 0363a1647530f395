"""Hostile answers, through the JSON API and through the form pages.

Each is refused with a 4xx a person can act on (never a 500) and nothing is
stored, or stored exactly once in its normal form.  Tokens, nonces and rate
limits have their own modules (test_embed_tokens, test_embed_open,
test_rate_limits).
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import httpx
import pytest

from forms_service.json_body import MAX_DEPTH
from forms_service.responses.tables import Response
from tests.integration.conftest import Api
from tests.integration.embed_setup import SERVICE, error_code, portal_key

API = "/api/v1/responses"
JSON_EN = {"Accept": "application/json", "Accept-Language": "en"}
REASON = "Thủ tục rườm rà, phải đi lại nhiều lần"
REASON_NFD = unicodedata.normalize("NFD", REASON)


def _body(dossier: str, answers: dict[str, Any]) -> dict[str, Any]:
    return {"form": "hai-long", "service": SERVICE, "dossier": dossier, "answers": answers}


async def _post_raw(api: Api, key: str, content: bytes,
                    content_type: str = "application/json") -> httpx.Response:
    return await api.call("POST", API, key, content=content,
                          headers={"Content-Type": content_type, "Accept-Language": "en"})


def _refused(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"] == code, body
    assert body["message"] and "Traceback" not in r.text
    return dict(body)


async def _stored() -> int:
    return int(await Response.count().run())


# ---------------------------------------------------------------- JSON API


async def test_api_oversize_body_is_413(api: Api, province: dict[str, str]) -> None:
    limit = api.ctx.settings.max_body_bytes
    answers = {"overall": 1, "reason": "x" * (limit + 10)}
    r = await api.call("POST", API, province["portal"], json=_body("HS-BIG", answers))
    _refused(r, 413, "payload_too_large")
    assert await _stored() == 0


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 200_000])
async def test_api_deeply_nested_json_is_400(
    api: Api, province: dict[str, str], depth: int
) -> None:
    nested = "[" * depth + "]" * depth
    content = ('{"form": "hai-long", "service": "1.001193", "dossier": "HS-DEEP", '
               f'"answers": {{"overall": {nested}}}}}').encode()
    if len(content) > api.ctx.settings.max_body_bytes:
        _refused(await _post_raw(api, province["portal"], content), 413, "payload_too_large")
    else:
        body = _refused(await _post_raw(api, province["portal"], content), 400, "too_deep")
        assert str(MAX_DEPTH) in body["message"]
    assert await _stored() == 0


async def test_api_invalid_utf8_and_broken_json(api: Api, province: dict[str, str]) -> None:
    good = json.dumps(_body("HS-UTF", {"overall": 1, "reason": "é"}),
                      ensure_ascii=False).encode()
    latin1 = good.replace("é".encode(), b"\xe9")
    body = _refused(await _post_raw(api, province["portal"], latin1), 400, "invalid_encoding")
    assert "UTF-8" in body["message"]
    _refused(await _post_raw(api, province["portal"], good[:-5]), 400, "invalid_json")
    _refused(await _post_raw(api, province["portal"], b"overall=3",
                             "application/x-www-form-urlencoded"), 400, "invalid_json")
    assert await _stored() == 0


async def test_api_stores_nfd_text_as_nfc(api: Api, province: dict[str, str]) -> None:
    r = await api.call("POST", API, province["portal"],
                       json=_body("HS-NFD", {"overall": 1, "reason": REASON_NFD}))
    assert r.status_code == 201, r.text
    stored = await Response.select(Response.answers).first().run()
    answers = stored["answers"] if isinstance(stored["answers"], dict) else json.loads(
        stored["answers"])
    assert answers["reason"] == REASON and unicodedata.is_normalized("NFC", answers["reason"])
    assert answers["reason"] != REASON_NFD


async def test_api_numbers_follow_the_schema(api: Api, province: dict[str, str]) -> None:
    """JSON keeps JSON types: "3" is not an integer, 3.0 is (JSON Schema's rule)."""
    r = await api.call("POST", API, province["portal"], json=_body("HS-STR", {"overall": "3"}),
                       headers={"Accept-Language": "en"})
    body = _refused(r, 422, "invalid_answers")
    assert body["errors"][0]["path"] == "/overall" and body["errors"][0]["code"] == "type"
    r = await api.call("POST", API, province["portal"], json=_body("HS-BOOL", {"overall": True}))
    _refused(r, 422, "invalid_answers")
    r = await api.call("POST", API, province["portal"], json=_body("HS-FLOAT", {"overall": 3.0}))
    assert r.status_code == 201, r.text
    stored = await Response.select(Response.satisfaction_value).first().run()
    assert stored["satisfaction_value"] == 3
    # the envelope too: a string where the API documents an integer field is refused
    r = await api.call("POST", "/api/v1/embed-tokens", province["portal"],
                       json={"form": "hai-long", "service": SERVICE, "dossier": "HS-T",
                             "ttl_seconds": "3600"}, headers={"Accept-Language": "en"})
    body = _refused(r, 400, "invalid_request")
    assert body["errors"][0]["path"] == "/ttl_seconds" and "str" in body["message"]
    assert await _stored() == 1


async def test_api_unknown_fields_are_refused(api: Api, province: dict[str, str]) -> None:
    r = await api.call("POST", API, province["portal"],
                       json=_body("HS-UNK", {"overall": 3}) | {"ip": "203.0.113.9"})
    body = _refused(r, 400, "invalid_request")
    assert "`ip`" in body["message"]
    r = await api.call("POST", API, province["portal"],
                       json=_body("HS-UNK", {"overall": 3, "secret_question": "x"}))
    body = _refused(r, 422, "invalid_answers")
    assert body["errors"][0]["path"] == "/secret_question"
    assert await _stored() == 0


async def test_api_multipart_with_a_file_is_415(api: Api, province: dict[str, str]) -> None:
    r = await api.call("POST", API, province["portal"],
                       files={"answers": ("answers.json", b'{"overall": 3}', "application/json")},
                       data={"form": "hai-long"}, headers={"Accept-Language": "en"})
    body = _refused(r, 415, "unsupported_media_type")
    assert "JSON" in body["message"]
    assert await _stored() == 0


# ------------------------------------------------------------- form pages


async def _page_token(api: Api, dossier: str) -> str:
    portal = await portal_key(api)
    return portal.token(dossier=dossier)


async def test_page_oversize_post_is_413(api: Api, province: dict[str, str]) -> None:
    token = await _page_token(api, "HS-P-BIG")
    data = {"_t": token, "overall": "1", "reason": "x" * (api.ctx.settings.max_body_bytes + 1)}
    r = await api.client.post("/f/hai-long", data=data)
    assert r.status_code == 413 and error_code(r.text) == "payload_too_large"
    r = await api.client.post("/f/hai-long", data=data, headers=JSON_EN)
    _refused(r, 413, "payload_too_large")
    assert await _stored() == 0


async def test_page_invalid_utf8_is_400(api: Api, province: dict[str, str]) -> None:
    token = await _page_token(api, "HS-P-UTF")
    content = f"_t={token}&overall=1&reason=ph%E1i".encode()  # %E1 alone is Latin-1 'á'
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    r = await api.client.post("/f/hai-long", content=content, headers=headers)
    assert r.status_code == 400 and "UTF-8" in r.text and "Traceback" not in r.text
    r = await api.client.post("/f/hai-long", content=content, headers=headers | JSON_EN)
    assert r.status_code == 400 and "UTF-8" in r.json()["message"]
    assert await _stored() == 0


async def test_page_stores_nfd_text_as_nfc(api: Api, province: dict[str, str]) -> None:
    token = await _page_token(api, "HS-P-NFD")
    r = await api.client.post("/f/hai-long", data={"_t": token, "overall": "1",
                                                   "reason": REASON_NFD})
    assert r.status_code == 303, r.text
    stored = await Response.select(Response.answers).first().run()
    answers = stored["answers"] if isinstance(stored["answers"], dict) else json.loads(
        stored["answers"])
    assert answers == {"overall": 1, "reason": REASON}


async def test_page_numbers_are_read_by_the_schema(api: Api, province: dict[str, str]) -> None:
    """A form post is text: "3" becomes the integer 3; "three" or "3.5" is an answer error."""
    token = await _page_token(api, "HS-P-NUM")
    for bad in ("three", "3.5", "1e400", "99999999999999999999999"):
        r = await api.client.post("/f/hai-long", data={"_t": token, "overall": bad},
                                  headers=JSON_EN)
        _refused(r, 422, "invalid_answers")
        r = await api.client.post("/f/hai-long", data={"_t": token, "overall": bad})
        assert r.status_code == 422 and 'id="error-summary"' in r.text
    assert await _stored() == 0
    r = await api.client.post("/f/hai-long", data={"_t": token, "overall": "3"})
    assert r.status_code == 303
    stored = await Response.select(Response.answers).first().run()
    answers = stored["answers"] if isinstance(stored["answers"], dict) else json.loads(
        stored["answers"])
    assert answers == {"overall": 3}


async def test_page_unknown_fields_are_refused(api: Api, province: dict[str, str]) -> None:
    token = await _page_token(api, "HS-P-UNK")
    r = await api.client.post("/f/hai-long", data={"_t": token, "overall": "3",
                                                   "admin": "1"}, headers=JSON_EN)
    body = _refused(r, 422, "invalid_answers")
    assert any(item["path"] == "/admin" for item in body["errors"])
    assert await _stored() == 0


async def test_page_multipart_with_a_file_is_400(api: Api, province: dict[str, str]) -> None:
    token = await _page_token(api, "HS-P-FILE")
    files = {"attachment": ("cccd.jpg", b"\xff\xd8\xff" + b"0" * 100, "image/jpeg")}
    r = await api.client.post("/f/hai-long", data={"_t": token, "overall": "3"}, files=files)
    assert r.status_code == 400 and error_code(r.text) == "file_not_accepted"
    r = await api.client.post("/f/hai-long", data={"_t": token, "overall": "3"}, files=files,
                              headers=JSON_EN)
    _refused(r, 400, "file_not_accepted")
    # the same answers without the file are taken
    r = await api.client.post("/f/hai-long", data={"_t": token, "overall": "3"}, files={})
    assert r.status_code == 303
    assert await _stored() == 1


async def test_page_json_body_is_415(api: Api, province: dict[str, str]) -> None:
    token = await _page_token(api, "HS-P-JSON")
    r = await api.client.post("/f/hai-long", json={"_t": token, "overall": 3}, headers=JSON_EN)
    _refused(r, 415, "unsupported_media_type")
    assert await _stored() == 0
