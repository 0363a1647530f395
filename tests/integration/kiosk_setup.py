"""Set-up shared by the kiosk tests: an agency's organisation, an enrolled and
bound device, and answers signed with its credential."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from forms_service.kiosk.credentials import request_signature
from tests.integration.conftest import Api
from tests.integration.dossiers_setup import organisation

ANSWERS = "/api/v1/kiosk/answers"


@dataclass
class Kiosk:
    """A bound device: its public id and credential, and how to send its queue."""

    api: Api
    id: str
    credential: str

    async def send(self, items: list[dict[str, Any]], *, queue: int | None = None,
                   credential: str | None = None, locale: str | None = None,
                   sent_at: str | None = None) -> Any:
        body: dict[str, Any] = {"answers": items}
        if sent_at is not None:
            body["sent_at"] = sent_at
        if queue is not None:
            body["queue"] = queue
        raw = json.dumps(body, ensure_ascii=False).encode()
        signature = request_signature(credential or self.credential, "POST", ANSWERS, raw)
        headers = {"X-Phieu-Device": self.id, "X-Phieu-Signature": signature,
                   "Content-Type": "application/json"}
        if locale:
            headers["Accept-Language"] = locale
        return await self.api.client.post(ANSWERS, content=raw, headers=headers)


def answer(seq: int, overall: int = 3, *, form: str = "hai-long",
           at: dt.datetime | None = None, **fields: Any) -> dict[str, Any]:
    moment = at or dt.datetime.now(dt.UTC)
    answers: dict[str, Any] = {"overall": overall}
    if "reason" in fields:
        answers["reason"] = fields.pop("reason")
    return {"seq": seq, "answered_at": moment.isoformat(), "form": form, "answers": answers,
            **fields}


async def enrol(api: Api, designer: str, *, counter: str | None = "Q01",
                unit: str | None = None, form: str = "hai-long",
                agency: str | None = None, opening_hours: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"name": "Máy tính bảng quầy 1", "form": form}
    if opening_hours:
        body["opening_hours"] = opening_hours
    if counter:
        body["counter"] = counter
    if unit:
        body["unit"] = unit
    params = {"agency": agency} if agency else {}
    r = await api.call("POST", "/api/v1/devices", designer, json=body, params=params)
    assert r.status_code == 201, r.text
    return dict(r.json())


async def bound_kiosk(api: Api, designer: str, **kwargs: Any) -> Kiosk:
    enrolled = await enrol(api, designer, **kwargs)
    r = await api.client.post("/api/v1/devices/bind", json={"code": enrolled["code"]})
    assert r.status_code == 200, r.text
    return Kiosk(api, r.json()["id"], r.json()["credential"])


async def kiosk_agency(api: Api, province: dict[str, str]) -> dict[str, str]:
    """The province's organisation and an integration key (added to ``province``)."""
    await organisation(api, province["designer"])
    province["integration"] = await api.make_key("integration", "000.00.00.H29")
    return province


async def signed_post(kiosk: Kiosk, path: str, body: dict[str, Any],
                      locale: str | None = None) -> Any:
    raw = json.dumps(body, ensure_ascii=False).encode()
    headers = {"X-Phieu-Device": kiosk.id, "Content-Type": "application/json",
               "X-Phieu-Signature": request_signature(kiosk.credential, "POST", path, raw)}
    if locale:
        headers["Accept-Language"] = locale
    return await kiosk.api.client.post(path, content=raw, headers=headers)


def reasons_definition() -> dict[str, Any]:
    """The quick rating with preset reasons (a choice question) shown when not satisfied,
    before the short text."""
    from form_schemas import load_template

    definition = load_template("quick-rating")
    reason = definition["properties"].pop("reason")
    definition["properties"]["reason_choice"] = {
        "title": "Điều gì chưa làm Ông/Bà hài lòng?", "type": "string", "x-widget": "radio",
        "oneOf": [{"const": "wait", "title": "Chờ lâu"},
                  {"const": "attitude", "title": "Thái độ cán bộ"},
                  {"const": "guidance", "title": "Hướng dẫn chưa rõ"}],
        "x-show-if": reason["x-show-if"]}
    definition["properties"]["reason"] = reason
    definition["x-survey"]["translations"]["en"]["properties"]["reason_choice"] = {
        "title": "What did not satisfy you?",
        "choices": {"wait": "Long wait", "attitude": "Officer's attitude",
                    "guidance": "Unclear guidance"}}
    return definition
