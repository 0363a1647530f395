"""Texts of invitations per agency and language: read, checked, stored, previewed,
and used by invitations in the citizen's language."""

from __future__ import annotations

from typing import Any

import httpx

from forms_service.outbox.queue import claim
from tests.integration.conftest import Api
from tests.integration.distribution.setup import integration_key, note, put_rule, returned, send

TEXTS = "/api/v1/agencies/000.00.00.H29/invitation-texts"
EN = {"Accept-Language": "en"}
MINE = {"sms": "{agency}: xin danh gia {service} tai {link}",
        "email_subject": "{agency} hỏi ý kiến về {service}",
        "email_body": "Kính gửi Ông/Bà,\n\n{link}\n\nHạn {expires}. Ngừng nhận: {stop}"}


async def test_defaults_then_stored_texts(api: Api, province: dict[str, str]) -> None:
    r = await api.call("GET", TEXTS, province["analyst"])
    assert r.status_code == 200, r.text
    body = r.json()["texts"]
    assert set(body) == {"vi", "en"} and not body["vi"]["custom"]
    assert body["vi"]["sms_encoding"] == "GSM-7" and body["vi"]["sms_segments_at_most"] == 1
    r = await api.call("PUT", f"{TEXTS}/vi", province["designer"], json=MINE)
    assert r.status_code == 200, r.text
    assert r.json()["sms_characters_at_most"] <= 160
    body = (await api.call("GET", TEXTS, province["designer"])).json()["texts"]
    assert body["vi"]["custom"] and body["vi"]["sms"] == MINE["sms"]
    assert not body["en"]["custom"]


async def test_refusals_have_clear_messages(api: Api, province: dict[str, str]) -> None:
    long = {**MINE, "sms": MINE["sms"] + " " + "x" * 90}
    r = await api.call("PUT", f"{TEXTS}/vi", province["designer"], json=long, headers=EN)
    assert r.status_code == 400 and r.json()["error"] == "invalid_texts"
    assert "shorten it by" in r.json()["message"]
    r = await api.call("PUT", f"{TEXTS}/vi", province["designer"], json=long)
    assert "rút ngắn" in r.json()["message"]
    ucs2 = {**MINE, "sms": "Mời Ông/Bà đánh giá {service}: {link}"}
    r = await api.call("PUT", f"{TEXTS}/vi", province["designer"], json=ucs2, headers=EN)
    assert r.status_code == 400 and "UCS-2" in r.json()["message"]
    r = await api.call("PUT", f"{TEXTS}/fr", province["designer"], json=MINE, headers=EN)
    assert r.status_code == 400 and r.json()["error"] == "unknown_language"
    r = await api.call("PUT", f"{TEXTS}/vi", province["designer"],
                       json={**MINE, "sms": "{agency} {link} {agency.__init__}"}, headers=EN)
    assert r.status_code == 400 and "placeholders" in r.json()["message"]
    r = await api.call("PUT", f"{TEXTS}/vi", province["analyst"], json=MINE)
    assert r.status_code == 403
    r = await api.call("PUT", "/api/v1/agencies/NOWHERE/invitation-texts/vi",
                       province["designer"], json=MINE)
    assert r.status_code == 404
    assert (await api.call("GET", TEXTS, province["designer"])).json()["texts"]["vi"][
        "custom"] is False


async def test_preview_renders_sample_values_and_counts_segments(
        api: Api, province: dict[str, str]) -> None:
    r = await api.call("POST", f"{TEXTS}/en/preview", province["designer"], json={})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["sms"]["text"].startswith("UBND tinh Hai Duong invites you to rate")
    assert body["sms"]["segments"] == 1 and body["sms"]["encoding"] == "GSM-7"
    assert body["email"]["subject"].startswith("UBND tỉnh Hải Dương invites you")
    assert "<a href=" in body["email"]["html"]
    r = await api.call("POST", f"{TEXTS}/vi/preview", province["designer"],
                       json={"sms": "{agency}: {link}"})
    assert r.json()["sms"]["text"].startswith("UBND tinh Hai Duong: http")
    r = await api.call("POST", f"{TEXTS}/vi/preview", province["designer"], headers=EN,
                       json={"sms": "{agency} {link} " + "y" * 150})
    assert r.status_code == 400 and "one segment" in r.json()["message"]


async def test_invitations_speak_the_citizens_language(
        api: Api, province: dict[str, str], client: httpx.AsyncClient) -> None:
    await put_rule(api, province["designer"], channels=["sms", "email"], quiet_hours=None,
                   delay_minutes=0)
    assert (await api.call("PUT", f"{TEXTS}/vi", province["designer"],
                           json=MINE)).status_code == 200
    key = await integration_key(api)
    results = await send(api, key, [returned("0912345678", language="en"),
                                    returned("chi@example.vn", language="en"),
                                    returned("0987654321"),
                                    returned("0977654321", language="fr")])
    assert [note(r) for r in results[:3]] == ["invited"] * 3, results
    assert results[3]["result"] == "error" and results[3]["field"] == "language"
    messages = {m.payload["to"]: m.payload for m in await claim(
        api.ctx.db, ["sms", "email"], 10, 30)}
    assert "invites you to rate" in messages["84912345678"]["text"]
    assert "invites you to rate the procedure" in messages["chi@example.vn"]["subject"]
    assert "To receive no more invitations" in messages["chi@example.vn"]["text"]
    assert messages["84987654321"]["text"].startswith("UBND tinh Hai Duong: xin danh gia")
    rows = await api.ctx.db.raw("SELECT code, locale FROM invitation ORDER BY id")
    assert [row["locale"] for row in rows] == ["en", "en", "vi"]
    # the link opens in the citizen's language, unless the browser is told otherwise
    page = await client.get(f"/s/{rows[0]['code']}", headers={"Accept-Language": "vi"})
    assert page.status_code == 200 and '<html lang="en"' in page.text


def _schema(document: dict[str, Any], operation: dict[str, Any], status: str) -> dict[str, Any]:
    found = operation["responses"][status]["content"]["application/json"]["schema"]
    return dict(document["components"]["schemas"][found["$ref"].rsplit("/", 1)[1]])


async def test_the_document_states_the_bodies_and_refusals(
        api: Api, province: dict[str, str]) -> None:
    """Each operation's documented body is the one it returns, field for field, and
    its refusals are stated."""
    document = (await api.client.get("/schema/openapi.json")).json()
    paths = document["paths"]
    read = paths["/api/v1/agencies/{code}/invitation-texts"]["get"]
    write = paths["/api/v1/agencies/{code}/invitation-texts/{locale}"]["put"]
    preview = paths["/api/v1/agencies/{code}/invitation-texts/{locale}/preview"]["post"]
    for operation in (write, preview):
        language = next(p for p in operation["parameters"] if p["name"] == "locale")
        assert language["schema"]["enum"] == ["vi", "en"]
        assert "unknown_language" in operation["responses"]["400"]["description"]
        assert "invalid_texts" in operation["responses"]["400"]["description"]
        assert "designer" in operation["responses"]["403"]["description"]
    assert "No agency" in read["responses"]["404"]["description"]
    stored = write["requestBody"]["content"]["application/json"]["schema"]
    assert stored["required"] == ["sms", "email_subject", "email_body"]
    assert stored["additionalProperties"] is False
    assert stored["properties"]["sms"]["maxLength"] == 400
    rendered = preview["requestBody"]["content"]["application/json"]["schema"]
    assert "required" not in rendered and set(rendered["properties"]) == set(MINE)

    body = (await api.call("GET", TEXTS, province["designer"])).json()
    schema = _schema(document, read, "200")
    assert set(schema["properties"]) == set(body) and schema["required"] == ["agency", "texts"]
    language = document["components"]["schemas"]["LanguageTextsOut"]
    assert set(language["properties"]) == set(body["texts"]["vi"]) == set(language["required"])
    assert language["properties"]["sms_encoding"]["enum"] == ["GSM-7", "UCS-2"]

    body = (await api.call("PUT", f"{TEXTS}/vi", province["designer"], json=MINE)).json()
    schema = _schema(document, write, "200")
    assert set(schema["properties"]) == set(body) == set(schema["required"])

    body = (await api.call("POST", f"{TEXTS}/en/preview", province["designer"],
                           json={})).json()
    schema = _schema(document, preview, "200")
    assert set(schema["properties"]) == set(body)
    components = document["components"]["schemas"]
    assert set(components["SmsPreviewOut"]["properties"]) == set(body["sms"])
    assert set(components["EmailPreviewOut"]["properties"]) == set(body["email"])
