"""Answers leave the service with personal identifiers masked unless a role
that may asks for them unmasked, and every read is audited."""

from __future__ import annotations

from forms_service.exports.masking import Masker
from forms_service.exports.tables import ExportAudit
from tests.integration.conftest import Api
from tests.integration.embed_setup import H29, SERVICE

RAW = "CCCD 001099001234, gọi 0912.345.678 hoặc ０９１２３４５６７８, thư a.b@c.vn"
DEFINITION = {
    "type": "object", "title": "Góp ý", "additionalProperties": False,
    "properties": {"y_kien": {"type": "string", "title": "Ý kiến", "maxLength": 500,
                              "x-widget": "textarea"}},
}


async def _answered(api: Api, province: dict[str, str]) -> None:
    await api.published_form(province["designer"], "gop-y", definition=DEFINITION)
    portal = await api.make_key("portal", H29)
    r = await api.call("POST", "/api/v1/responses", portal, json={
        "form": "gop-y", "service": SERVICE, "dossier": "HS-1", "answers": {"y_kien": RAW}})
    assert r.status_code == 201, r.text


def test_full_width_digits_are_masked_after_nfkc() -> None:
    masker = Masker()
    assert masker.mask("gọi ０９１２３４５６７８ nhé") == "gọi [phone number] nhé"
    assert masker.mask("CCCD ００１０９９００１２３４") == "CCCD [CCCD]"
    # text with nothing to mask is kept exactly as written, compatibility forms too
    assert masker.mask("ｈａｙ quá ﬁ") == "ｈａｙ quá ﬁ"


async def test_the_api_masks_by_default_and_audits_every_read(
        api: Api, province: dict[str, str]) -> None:
    await _answered(api, province)
    r = await api.call("GET", "/api/v1/responses?form=gop-y&limit=1000", province["analyst"],
                       headers={"Accept-Language": "en"})
    assert r.status_code == 200, r.text
    text = r.json()["items"][0]["answers"]["y_kien"]
    for secret in ("001099001234", "0912.345.678", "０９１２３４５６７８", "a.b@c.vn"):
        assert secret not in text
    assert "[citizen ID]" in text and "[phone number]" in text and "[e-mail address]" in text
    r = await api.call("GET", "/api/v1/responses?form=gop-y&unmasked=true",
                       province["analyst"])
    assert r.json()["items"][0]["answers"]["y_kien"] == RAW
    audits = await ExportAudit.select().where(
        ExportAudit.dataset == "responses-api").order_by(ExportAudit.id).run()
    assert [(a["unmasked"], a["row_count"]) for a in audits] == [(False, 1), (True, 1)]


async def test_roles_that_may_not_read_unmasked_are_refused(
        api: Api, province: dict[str, str]) -> None:
    from forms_service.roles import ROLES, Role

    assert ROLES[Role.ANALYST].reads_unmasked and not ROLES[Role.DESIGNER].reads_unmasked
    await _answered(api, province)
    # a designer key reads no responses at all; the export says the same
    r = await api.call("GET", "/api/v1/exports/responses?form=gop-y&unmasked=true",
                       province["designer"])
    assert r.status_code == 403


async def test_exports_mask_full_width_numbers(api: Api, province: dict[str, str]) -> None:
    await _answered(api, province)
    r = await api.call("GET", "/api/v1/exports/responses?form=gop-y&format=jsonl",
                       province["analyst"])
    assert r.status_code == 200, r.text
    assert "０９１２３４５６７８" not in r.text and "001099001234" not in r.text
