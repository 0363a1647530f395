"""The synthesis of a collection through the report registry: per question,
text answers by agency, one row per agency in an XLSX with a codebook."""

from __future__ import annotations

import io
import math

import openpyxl
import pytest

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
    assert book.sheetnames[:5] == ["Answers", "Questions", "Text answers", "Agencies", "Codebook"]
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


def _wilson(count: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson interval, written out by hand."""
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


async def test_the_synthesis_figures_are_a_form_s_results_over_the_replies(api: Api) -> None:
    """Three accepted replies and one only submitted, the figures worked out by hand:
    shares with their Wilson interval, the mean staff with its t interval and
    quartiles, options chosen, and text answers masked unless asked unmasked."""
    ev = await evaluation(api)
    cid = (await make_collection(api, ev.office)).json()["id"]
    base = {"agency_name": "Cơ quan", "proposals": "Tăng kinh phí.", "difficulties": ["funding"]}
    await _reply(api, ev.key("G08"), cid, "G08", base | {
        "channels_used": ["agency_portal", "press"], "frequency": "monthly", "has_plan": True,
        "staff": 2, "contact": "Bà B, 0912 345 678"}, accept=ev.office)
    await _reply(api, ev.key("G14"), cid, "G14", base | {
        "channels_used": ["press", "tv_radio"], "frequency": "weekly", "has_plan": False,
        "staff": 4, "proposals": "Đào tạo cán bộ."}, accept=ev.office)
    await _reply(api, ev.key("000.00.00.H29"), cid, "000.00.00.H29", base | {
        "channels_used": ["press"], "frequency": "monthly", "has_plan": True, "staff": 9},
        accept=ev.office)
    await _reply(api, ev.key("G06"), cid, "G06", base | {
        "channels_used": ["zalo"], "frequency": "never", "has_plan": False, "staff": 100})

    r = await api.call("GET", "/api/v1/analytics/collection", ev.office,
                       params={"collection": cid, "locale": "en"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["asked"], body["counted"], body["unmasked"]) == (6, 3, False)
    assert body["form_version"] == 1 and body["method"] == "wilson"
    q = {item["key"]: item for item in body["questions"]}

    frequency = q["frequency"]
    assert (frequency["responses"], frequency["shown"], frequency["answered"]) == (3, 3, 3)
    monthly = {c["value"]: c for c in frequency["choices"]}["monthly"]
    low, high = _wilson(2, 3)
    assert monthly["count"] == 2 and monthly["share"] == pytest.approx(2 / 3)
    assert monthly["ci_low"] == pytest.approx(low) and monthly["ci_high"] == pytest.approx(high)
    assert round(low, 4) == 0.2077 and round(high, 4) == 0.9385
    assert {c["value"]: c["count"] for c in frequency["choices"]}["never"] == 0

    plan = {c["value"]: c["count"] for c in q["has_plan"]["choices"]}
    assert plan == {True: 2, False: 1}

    staff = q["staff"]  # 2, 4, 9: mean 5, sd √13, t(0.975, 2 df) = 4.302653
    assert staff["mean"]["n"] == 3 and staff["mean"]["mean"] == pytest.approx(5)
    assert staff["mean"]["sd"] == pytest.approx(math.sqrt(13))
    half = 4.302652729911275 * math.sqrt(13) / math.sqrt(3)
    assert staff["mean"]["ci_low"] == pytest.approx(5 - half)
    assert staff["mean"]["ci_high"] == pytest.approx(5 + half)
    assert staff["quartiles"]["median"] == pytest.approx(4)
    assert staff["quartiles"]["minimum"] == 2 and staff["quartiles"]["maximum"] == 9

    channels = q["channels_used"]
    chosen = {c["value"]: c for c in channels["choices"]}
    assert channels["answered"] == 3 and chosen["press"]["share"] == pytest.approx(1.0)
    assert chosen["agency_portal"]["count"] == 1 and chosen["zalo"]["count"] == 0
    assert {c["chosen"]: c["count"] for c in channels["chosen"]} == {1: 1, 2: 2}
    assert channels["mean_chosen"] == pytest.approx(5 / 3)

    assert q["contact"]["answered"] == 1 and q["proposals"]["answered"] == 3
    texts = {(t["agency"], t["question"]): t["answer"] for t in body["texts"]}
    assert texts[("G14", "proposals")] == "Đào tạo cán bộ."
    assert texts[("G08", "contact")] == "Bà B, [phone number]"
    assert not any(agency == "G06" for agency, _ in texts)  # not accepted: not counted

    r = await api.call("GET", "/api/v1/analytics/collection", ev.office,
                       params={"collection": cid, "unmasked": "true"})
    assert r.status_code == 200, r.text
    assert r.json()["unmasked"] is True
    texts = {(t["agency"], t["question"]): t["answer"] for t in r.json()["texts"]}
    assert texts[("G08", "contact")] == "Bà B, 0912 345 678"
    audit = await api.ctx.db.raw("SELECT dataset, unmasked, row_count FROM export_audit "
                                 "WHERE dataset = 'collection' AND unmasked = {}", True)
    assert [(a["dataset"], a["row_count"]) for a in audit] == [("collection", 3)]
    r = await api.call("GET", "/api/v1/analytics/collection", ev.office,
                       params={"collection": cid, "unmasked": "yes"})
    assert r.status_code == 400, r.text

    r = await api.call("GET", "/api/v1/exports/collection", ev.office,
                       params={"collection": cid, "format": "xlsx", "locale": "en"})
    assert r.status_code == 200, r.text
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    summary = [dict(zip(next(book["Questions"].iter_rows(values_only=True)), row, strict=True))
               for row in list(book["Questions"].iter_rows(values_only=True))[1:]]
    [staff_row] = [row for row in summary if row["Question"] == "staff"]
    assert staff_row["Mean"] == pytest.approx(5) and staff_row["Median"] == pytest.approx(4)
    rows = list(book["Agencies"].iter_rows(values_only=True))
    assert len(rows) == 1 + 6 and "0912" not in str(rows)
    header, *codebook = book["Codebook"].iter_rows(values_only=True)
    codes = [dict(zip(header, row, strict=True)) for row in codebook]
    assert {"Question": "frequency", "Answer code": "monthly", "Answer": "Every month"}.items() <= {
        k: v for code in codes if code["Answer code"] == "monthly" for k, v in code.items()
    }.items()
