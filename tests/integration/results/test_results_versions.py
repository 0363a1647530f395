"""Results across form versions, and the answer counts against a rebuild from raw rows."""

from __future__ import annotations

from typing import Any

from forms_service.results.aggregates import rebuild_answer_aggregates
from tests.integration.conftest import Api
from tests.integration.results.results_setup import ANSWERS, SLUG, every_kind, send

URL = f"/api/v1/forms/{SLUG}/results"


def second_version() -> dict[str, Any]:
    definition = every_kind()
    props = definition["properties"]
    # relabelled options and a reworded title: still comparable
    props["overall"]["oneOf"][0]["title"] = "Rất hài lòng!"
    props["overall"]["title"] = "Nhìn chung, Ông/Bà hài lòng không?"
    # a new option: the answers are no longer added up with version 1's
    props["fix"]["oneOf"].append({"const": "docs", "title": "Giấy tờ"})
    del props["days"]
    props["days_taken"] = {"title": "Số ngày?", "type": "integer", "minimum": 0,
                           "maximum": 90, "x-widget": "number"}
    return definition


async def test_questions_follow_their_key_while_comparable(
    api: Api, province: dict[str, str],
) -> None:
    designer, portal = province["designer"], province["portal"]
    await api.published_form(designer, SLUG, definition=every_kind())
    for i, answer in enumerate(ANSWERS[:6]):
        await send(api, portal, answer, f"V1-{i}")
    r = await api.call("PUT", f"/api/v1/forms/{SLUG}/draft", designer,
                       json={"definition": second_version()})
    assert r.status_code == 200, r.text
    r = await api.call("POST", f"/api/v1/forms/{SLUG}/publish", designer)
    assert r.status_code == 200, r.text
    for i, answer in enumerate(ANSWERS[6:]):
        answer = dict(answer)
        answer.pop("days", None)
        if answer.get("fix") == "staff":
            answer["fix"] = "docs"
        await send(api, portal, answer, f"V2-{i}")

    body = (await api.call("GET", URL, province["analyst"])).json()
    assert body["versions"] == [1, 2] and body["responses"] == 10
    blocks: dict[str, list[dict[str, Any]]] = {}
    for block in body["questions"]:
        blocks.setdefault(block["key"], []).append(block)
    (overall,) = blocks["overall"]
    assert overall["versions"] == [1, 2] and overall["split"] is False
    assert overall["answered"] == 10 and overall["title"] == "Nhìn chung, Ông/Bà hài lòng không?"
    assert overall["choices"][0]["label"] == "Rất hài lòng!"

    first, second = blocks["fix"]
    assert first["split"] is second["split"] is True
    assert (first["versions"], second["versions"]) == ([1], [2])
    assert second["changes"] == ["choice_added"] and first["changes"] == []
    assert first["responses"] == 6 and second["responses"] == 4
    assert {c["value"]: c["count"] for c in second["choices"]} == {
        "speed": 0, "staff": 0, "docs": 1}
    assert sum(c["count"] for c in first["choices"]) == first["answered"] == 1

    (days,) = blocks["days"]
    assert days["versions"] == [1] and days["responses"] == 6
    (taken,) = blocks["days_taken"]
    assert taken["versions"] == [2] and taken["answered"] == 0 and taken["shown"] == 4

    # one version only
    r = await api.call("GET", URL, province["analyst"], params={"channel": "kiosk"})
    assert r.json()["responses"] == 0


async def _rows(api: Api) -> list[tuple[Any, ...]]:
    _, rows = await api.ctx.db.fetch(
        "SELECT agency, form, form_version, service, audience, channel, span, period, "
        "question, value, answers FROM answer_aggregate ORDER BY form_version, service, "
        "audience, channel, span, period, question, value")
    return [tuple(row) for row in rows]


async def test_incremental_counts_equal_a_rebuild(api: Api, province: dict[str, str]) -> None:
    await api.published_form(province["designer"], SLUG, definition=every_kind())
    for i, answer in enumerate(ANSWERS):
        await send(api, province["portal"], answer, f"R-{i}",
                   channel=("web", "mobile", "kiosk")[i % 3])
    await send(api, province["portal"], {"overall": 2}, "R-quick", slug="hai-long")
    incremental = await _rows(api)
    assert incremental, "the writers keep no answer counts"
    months = [row for row in incremental if row[6] == "month"]
    assert sum(row[10] for row in months if row[9] == "@responses") == 11
    assert not any("0912" in str(row[9]) for row in incremental)
    assert await rebuild_answer_aggregates(api.ctx.db) == len(incremental)
    assert await _rows(api) == incremental
