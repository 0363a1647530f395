"""The public page's per-question section: closed questions only, small groups
suppressed, never text, the JSON twin the same."""

from __future__ import annotations

from tests.integration.conftest import Api
from tests.integration.results import test_indices
from tests.integration.results.results_setup import ANSWERS, H29, SLUG, every_kind, send


async def test_public_page_shows_closed_questions_with_suppression(
    api: Api, province: dict[str, str],
) -> None:
    await api.published_form(province["designer"], SLUG, definition=every_kind())
    for i, answer in enumerate(ANSWERS):
        await send(api, province["portal"], answer, f"P-{i}")
    await api.published_form(province["designer"], test_indices.SLUG,
                             definition=test_indices.DEFINITION)
    for i, row in enumerate(test_indices.ANSWERS):
        await send(api, province["portal"], dict(zip(test_indices.NAMES, row, strict=True)),
                   f"I-{i}", slug=test_indices.SLUG)
    r = await api.call("GET", f"/public/{H29}.json")
    assert r.status_code == 404  # not published yet
    r = await api.call("PUT", f"/api/v1/agencies/{H29}/publication", province["designer"],
                       json={"publish_results": True})
    assert r.status_code == 200
    body = (await api.call("GET", f"/public/{H29}.json")).json()
    assert body["min_answers"] == 10
    forms = {form["form"]: form for form in body["forms"]}
    assert set(forms) == {SLUG, test_indices.SLUG}  # hai-long has no answers
    questions = {q["key"]: q for q in forms[SLUG]["questions"]}
    # never text; closed questions answered by fewer than 10 are listed without numbers
    assert "reason" not in questions and "fix" in questions
    assert questions["fix"] == {"key": "fix", "title": "Cần sửa gì trước?",
                                "kind": "single_choice", "suppressed": True}
    assert questions["heard"]["suppressed"] is True  # 8 answered
    overall = questions["overall"]
    assert overall["suppressed"] is False and overall["answered"] == 10
    assert [c["count"] for c in overall["choices"]] == [3, 3, 1, 2, 1]
    assert questions["recommend"]["nps"] == 0.0  # 4 promoters, 4 detractors of 10
    # indices: 12 respondents, every element shown
    sipas = forms[test_indices.SLUG]
    assert [e["key"] for e in sipas["elements"]] == ["access", "staff", "result"]
    assert all(not e["suppressed"] and e["n"] == 12 for e in sipas["elements"])
    assert sipas["overall_index_text"].endswith("%")
    html = (await api.call("GET", f"/public/{H29}")).text
    assert "Kết quả từng câu hỏi: Mọi loại câu hỏi" in html
    assert "Chậm" not in html and "0912" not in html and "Chậm" not in str(body)
    assert html.count('data-question="fix"') == 1
    # a smaller threshold shows more
    api.ctx.settings = api.ctx.settings.with_(public_min_answers=3)
    try:
        body = (await api.call("GET", f"/public/{H29}.json?period=2019")).json()
        assert body["forms"] == []
        body = (await api.call("GET", f"/public/{H29}.json")).json()
        fix = next(q for q in body["forms"][0]["questions"] if q["key"] == "fix")
        assert fix["suppressed"] is True  # 2 answered
        heard = next(q for q in body["forms"][0]["questions"] if q["key"] == "heard")
        assert heard["suppressed"] is False and heard["answered"] == 8
    finally:
        api.ctx.settings = api.ctx.settings.with_(public_min_answers=10)
