"""The synthesis of a collection through the report registry: per question,
text answers by agency, one row per agency in an XLSX with a codebook."""

from __future__ import annotations

import io

import openpyxl

from form_schemas import compile_form, load_template
from tests.integration.collections.setup import ANSWERS, evaluation, make_collection
from tests.integration.conftest import Api

BASE = "/api/v1/collections"


async def _reply(api: Api, key: str, cid: int, code: str, answers: dict[str, object],
                 *, accept: str | None = None) -> None:
    r = await api.call("PUT", f"{BASE}/{cid}/replies/{code}/draft", key,
                       json={"answers": answers})
    assert r.status_code == 200, r.text
    r = await api.call("POST", f"{BASE}/{cid}/replies/{code}/submit", key)
    assert r.status_code == 200, r.text
    if accept:
        r = await api.call("POST", f"{BASE}/{cid}/replies/{code}/accept", accept)
        assert r.status_code == 200, r.text


async def test_the_synthesis_counts_the_accepted_replies_per_question(api: Api) -> None:
    ev = await evaluation(api)
    cid = (await make_collection(api, ev.office)).json()["id"]
    await _reply(api, ev.key("G08"), cid, "G08", ANSWERS | {"contact": "Ông A, 0912 345 678"},
                 accept=ev.office)
    await _reply(api, ev.key("G14"), cid, "G14",
                 ANSWERS | {"agency_name": "Bộ Tư pháp", "channels_used": ["press", "tv_radio"],
                            "frequency": "weekly", "has_plan": False}, accept=ev.office)
    # submitted, not accepted yet
    await _reply(api, ev.key("G06"), cid, "G06", ANSWERS | {"frequency": "never"})

    r = await api.call("GET", "/api/v1/analytics/collection", ev.office,
                       params={"collection": cid, "locale": "vi"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["asked"] == 6 and body["counted"] == 2
    by_key = {q["key"]: q for q in body["questions"]}
    channels = {c["value"]: c for c in by_key["channels_used"]["choices"]}
    assert channels["press"]["count"] == 2 and channels["press"]["share"] == 1.0
    assert channels["tv_radio"]["count"] == 1 and channels["tv_radio"]["share_text"] == "50,0%"
    frequency = {c["value"]: c["count"] for c in by_key["frequency"]["choices"]}
    assert frequency["monthly"] == 1 and frequency["weekly"] == 1 and frequency["never"] == 0
    # text answers by agency, personal identifiers masked
    texts = {(t["agency"], t["question"]): t["answer"] for t in body["texts"]}
    assert texts[("G14", "agency_name")] == "Bộ Tư pháp"
    assert "0912" not in texts[("G08", "contact")] and "Ông A" in texts[("G08", "contact")]
    # every asked agency, in a letter's order
    assert [a["agency"] for a in body["agencies"]][:3] == ["G06", "G14", "G08"]
    r = await api.call("GET", "/api/v1/analytics/collection", ev.office,
                       params={"collection": cid, "replies": "sent"})
    assert r.json()["counted"] == 3

    r = await api.call("GET", "/api/v1/exports/collection", ev.office,
                       params={"collection": cid, "format": "xlsx", "locale": "en"})
    assert r.status_code == 200, r.text
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert book.sheetnames[:4] == ["Answers", "Text answers", "Agencies", "Codebook"]
    rows = list(book["Agencies"].iter_rows(values_only=True))
    header = rows[0]
    agencies = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert len(agencies) == 6
    [moj] = [a for a in agencies if a["Agency code"] == "G14"]
    assert moj["State"] == "accepted" and moj["Agency"] == "Bộ Tư pháp"
    channels = compile_form(load_template("agency-communication")).questions[1]
    assert moj[channels.title("en")] == "; ".join(
        channels.choice_label(v, "en") for v in ("press", "tv_radio"))
    assert "0912" not in str(rows)


async def test_only_the_national_office_reads_the_synthesis(api: Api) -> None:
    ev = await evaluation(api)
    cid = (await make_collection(api, ev.office)).json()["id"]
    for key in (ev.key("G08", "analyst"), ev.key("G08")):
        r = await api.call("GET", "/api/v1/analytics/collection", key,
                           params={"collection": cid})
        assert r.status_code == 403, r.text
    r = await api.call("GET", "/api/v1/analytics/collection", ev.office,
                       params={"collection": 999})
    assert r.status_code == 404
    r = await api.call("GET", "/api/v1/analytics/collection", ev.office,
                       params={"collection": cid, "replies": "all"})
    assert r.status_code == 400
