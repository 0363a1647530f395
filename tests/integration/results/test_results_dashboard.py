"""The dashboard's results page ("Kết quả"): charts and tables per question, indices,
the person's scope, downloads; numbers equal to the API's."""

from __future__ import annotations

import re
from typing import Any

from tests.integration.conftest import Api
from tests.integration.dossiers_setup import lifecycle, organisation
from tests.integration.dossiers_setup import send as send_events
from tests.integration.results import test_indices
from tests.integration.results.results_setup import ANSWERS, H29, SLUG, every_kind, send


async def test_results_page_shows_every_question(
    api: Api, province: dict[str, str], sign_in: Any,
) -> None:
    await api.published_form(province["designer"], SLUG, definition=every_kind())
    for i, answer in enumerate(ANSWERS):
        await send(api, province["portal"], answer, f"D-{i}")
    analyst = await sign_in("analyst", H29)
    r = await analyst.get("/dashboard/results", params={"form": SLUG})
    assert r.status_code == 200, r.text
    html = r.text
    assert "<h1>Kết quả</h1>" in html
    body = (await api.call("GET", f"/api/v1/forms/{SLUG}/results", province["analyst"],
                           params={"locale": "vi"})).json()
    sections = re.findall(r'<section class="data-section question-result"[^>]*'
                          r'data-question="([^"]+)"', html)
    assert sections == [q["key"] for q in body["questions"]]
    overall = body["questions"][0]
    for choice in overall["choices"]:
        assert f"{choice['share_text']}</td><td>{choice['ci_text']}</td>" in html
    # an SVG chart per closed or numeric question, named and described for screen readers
    assert html.count('<svg') == sum(1 for q in body["questions"] if q["kind"] != "text")
    assert 'role="img"' in html and "aria-labelledby" in html
    # the conditional question says whom it counts
    assert "Hỏi 3 trên 10 người trả lời phiếu" in html
    assert "0912" not in html and "Chậm" not in html
    assert f"/dashboard/export/results.csv?form={SLUG}" in html
    r = await analyst.get(f"/dashboard/export/results.csv?form={SLUG}")
    assert r.status_code == 200 and "overall" in r.text
    # a cross-tabulation, as the API gives it
    r = await analyst.get("/dashboard/results", params={"form": SLUG, "question": "overall",
                                                        "by": "again"})
    assert r.status_code == 200, r.text
    table = (await api.call("GET", "/api/v1/analytics/crosstab", province["analyst"], params={
        "form": SLUG, "question": "overall", "by": "again", "locale": "vi"})).json()
    assert 'id="crosstab-table"' in r.text and table["warning"] in r.text
    cells = re.findall(r'<td class="num">(\d+) \(', r.text.split('id="crosstab-table"')[1]
                       .split("</table>")[0])
    assert [int(c) for c in cells] == [n for row in table["counts"] for n in row]
    assert "/dashboard/export/crosstab.csv?form=" in r.text
    r = await analyst.get(f"/dashboard/export/crosstab.csv?form={SLUG}&question=overall&by=again")
    assert r.status_code == 200 and "monte-carlo" in r.text
    # English, filtered
    r = await analyst.get("/dashboard/results", params={"form": SLUG, "channel": "kiosk",
                                                        "lang": "en"})
    assert r.status_code == 200
    other = await sign_in("analyst", "000.00.00.G14")
    r = await other.get("/dashboard/results", params={"form": SLUG})
    assert r.status_code == 404


async def test_results_page_shows_the_indices(
    api: Api, province: dict[str, str], sign_in: Any,
) -> None:
    await api.published_form(province["designer"], test_indices.SLUG,
                             definition=test_indices.DEFINITION)
    for i, row in enumerate(test_indices.ANSWERS):
        await send(api, province["portal"], dict(zip(test_indices.NAMES, row, strict=True)),
                   f"I-{i}", slug=test_indices.SLUG)
    analyst = await sign_in("analyst", H29)
    r = await analyst.get("/dashboard/results", params={"form": test_indices.SLUG})
    assert r.status_code == 200, r.text
    body = (await api.call("GET", "/api/v1/analytics/indices", province["analyst"],
                           params={"form": test_indices.SLUG, "locale": "vi"})).json()
    row = body["rows"][0]
    assert "Chỉ số hài lòng" in r.text and row["overall"]["index_text"] in r.text
    for element in row["elements"]:
        assert f'<tr data-key="{element["key"]}">' in r.text
        assert element["index_text"] in r.text


async def test_the_demo_sipas_and_nps_forms_show_real_numbers(
    api: Api, ctx: Any, sign_in: Any,
) -> None:
    from forms_service.demo import DEMO_AGENCY, seed_demo

    await seed_demo(ctx)
    analyst = await sign_in("analyst", DEMO_AGENCY[0])
    html = (await analyst.get("/dashboard/results", params={"form": "demo-sipas"})).text
    rows = re.findall(r'<tr data-key="(\w+)">\s*<th scope="row">([^<]+)</th>\s*'
                      r'<td class="num">([\d.,]+)</td>\s*<td class="num">([\d,]+%)</td>', html)
    assert [r[0] for r in rows] == ["access", "procedure", "civil_servant", "result", "feedback"]
    assert all(int(r[2].replace(".", "")) > 0 for r in rows)
    assert "Chỉ số chung" in html and "phương pháp delta" in html
    html = (await analyst.get("/dashboard/results", params={"form": "demo-nps"})).text
    score = re.search(r"Chỉ số NPS (-?[\d,]+) \(từ (-?[\d,]+) đến (-?[\d,]+)\)",
                      html.replace("\u2212", "-"))
    assert score is not None, re.findall(r"Chỉ số NPS.{0,60}", html)
    low, value, high = (float(score.group(i).replace(",", ".")) for i in (2, 1, 3))
    assert -100 <= low < value < high <= 100
    # the public page of the demo province carries the same forms' closed questions
    body = (await api.client.get(f"/public/{DEMO_AGENCY[0]}.json")).json()
    forms = {form["form"] for form in body["forms"]}
    assert {"demo-sipas", "demo-nps"} <= forms
    sipas = next(form for form in body["forms"] if form["form"] == "demo-sipas")
    assert len(sipas["elements"]) == 5 and all(not e["suppressed"] for e in sipas["elements"])


async def test_indices_page_ranks_the_groups(
    api: Api, province: dict[str, str], sign_in: Any,
) -> None:
    await api.service(province["designer"], "2.000001")
    await api.published_form(province["designer"], test_indices.SLUG,
                             definition=test_indices.DEFINITION)
    for i, row in enumerate(test_indices.ANSWERS):
        await send(api, province["portal"], dict(zip(test_indices.NAMES, row, strict=True)),
                   f"J-{i}", slug=test_indices.SLUG,
                   service="1.001193" if i < 8 else "2.000001")
    analyst = await sign_in("analyst", H29)
    r = await analyst.get("/dashboard/indices", params={"group_by": "service"})
    assert r.status_code == 200, r.text
    body = (await api.call("GET", "/api/v1/analytics/indices", province["analyst"],
                           params={"group_by": "service", "locale": "vi"})).json()
    rows = re.findall(r'<tr data-key="([^"]+)">\s*<td class="num">(\d+)</td>', r.text)
    assert rows == [(row["key"], str(row["rank"])) for row in body["rows"]]
    for row in body["rows"]:
        assert row["overall"]["index_text"] in r.text and row["overall"]["ci_text"] in r.text
    assert 'id="indices-ranking"' in r.text
    r = await analyst.get("/dashboard/export/indices.csv?group_by=service")
    assert r.status_code == 200 and f"{H29}/2.000001" in r.text
    r = await analyst.get("/dashboard/indices", params={"period": "2019"})
    assert "Chưa có biểu mẫu nào có chỉ số hài lòng" in r.text


async def test_results_page_filters_by_unit(
    api: Api, province: dict[str, str], sign_in: Any,
) -> None:
    await api.published_form(province["designer"], SLUG, definition=every_kind())
    await organisation(api, province["designer"])
    integration = await api.make_key("integration", H29)
    for i, answer in enumerate(ANSWERS):
        await send(api, province["portal"], answer, f"U-{i}")
        await send_events(api, integration, lifecycle(
            f"U-{i}", unit="TTHCC" if i < 4 else "XA-AN"))
    analyst = await sign_in("analyst", H29)
    r = await analyst.get("/dashboard/results", params={"form": SLUG})
    assert r.status_code == 200, r.text
    assert '<select id="f-unit" name="unit">' in r.text
    assert ">UBND xã An Bình</option>" in r.text
    r = await analyst.get("/dashboard/results", params={"form": SLUG, "unit": "TTHCC"})
    assert r.status_code == 200, r.text
    assert '<option value="TTHCC" selected>' in r.text
    body = (await api.call("GET", f"/api/v1/forms/{SLUG}/results", province["analyst"],
                           params={"unit": "TTHCC", "locale": "vi"})).json()
    assert body["responses"] == 4
    overall = body["questions"][0]
    for choice in overall["choices"]:
        assert f"{choice['share_text']}</td><td>{choice['ci_text']}</td>" in r.text
    assert f"/dashboard/export/results.csv?form={SLUG}&amp;unit=TTHCC" in r.text
