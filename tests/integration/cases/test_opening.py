"""Cases open with the answer that calls for one, by the form's case rule."""

from __future__ import annotations

import datetime as dt

from forms_service.cases.workdays import WorkCalendar
from forms_service.i18n import vietnam_today
from tests.integration.cases.setup import SLUG, answer, case_of, province
from tests.integration.conftest import Api

RULE = f"/api/v1/forms/{SLUG}/case-rule"


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


async def test_default_rule_opens_a_case_for_a_dissatisfied_answer(api: Api) -> None:
    keys = await province(api)
    r = await api.call("GET", RULE, keys["analyst"])
    assert r.status_code == 200 and r.json()["default"] is True, r.text
    unhappy = await answer(api, keys["portal"], "HS-1", overall=2, reason="Chờ lâu")
    happy = await answer(api, keys["portal"], "HS-2", overall=5)
    neutral = await answer(api, keys["portal"], "HS-3", overall=3)
    case = await case_of(api, unhappy)
    assert case is not None and case["state"] == "new"
    assert case["reasons"] == "not_satisfied"
    today = vietnam_today()
    assert _day(case["acknowledge_due"]) == WorkCalendar().add(today, 2)
    assert _day(case["respond_due"]) == WorkCalendar().add(today, 10)
    assert case["dossier_hash"] is not None and case["service"] is not None
    assert await case_of(api, happy) is None
    assert await case_of(api, neutral) is not None  # 3 is not among the satisfied answers
    # a second answer for the same dossier is refused: no second case
    r = await api.call("POST", "/api/v1/responses", keys["portal"], json={
        "form": SLUG, "service": "1.001193", "dossier": "HS-1", "answers": {"overall": 1}})
    assert r.status_code == 409, r.text
    assert len(await api.ctx.db.raw("SELECT id FROM feedback_case")) == 2


async def test_chosen_answers_open_a_case_even_when_satisfied(api: Api) -> None:
    keys = await province(api)
    r = await api.call("PUT", RULE, keys["designer"], json={
        "not_satisfied": False, "choices": [{"question": "problems", "answers": ["rude"]}]})
    assert r.status_code == 200, r.text
    rude = await answer(api, keys["portal"], "HS-1", overall=4, problems=["slow", "rude"])
    slow = await answer(api, keys["portal"], "HS-2", overall=1, problems=["slow"])
    case = await case_of(api, rude)
    assert case is not None and case["reasons"] == "choice"
    assert await case_of(api, slow) is None  # not_satisfied turned off


async def test_phrases_match_without_diacritics_or_case(api: Api) -> None:
    keys = await province(api)
    r = await api.call("PUT", RULE, keys["designer"], json={"phrases": ["thai do", "hách dịch"]})
    assert r.status_code == 200, r.text
    assert r.json()["phrases"] == ["thai do", "hách dịch"]
    found = await answer(api, keys["portal"], "HS-1", overall=5,
                         comment="Cán bộ có THÁI ĐỘ chưa tốt")
    found2 = await answer(api, keys["portal"], "HS-2", overall=4, comment="hơi hach dich")
    missed = await answer(api, keys["portal"], "HS-3", overall=5, comment="Rất nhanh")
    both = await answer(api, keys["portal"], "HS-4", overall=1, comment="thái độ kém")
    assert (await case_of(api, found) or {}).get("reasons") == "phrase"
    assert (await case_of(api, found2) or {}).get("reasons") == "phrase"
    assert await case_of(api, missed) is None
    assert (await case_of(api, both) or {}).get("reasons") == "not_satisfied,phrase"


async def test_an_inactive_rule_opens_nothing(api: Api) -> None:
    keys = await province(api)
    r = await api.call("PUT", RULE, keys["designer"], json={"active": False})
    assert r.status_code == 200, r.text
    assert await case_of(api, await answer(api, keys["portal"], "HS-1", overall=1)) is None


async def test_kiosk_and_form_page_answers_open_cases_through_the_same_pipeline(
        api: Api) -> None:
    from tests.integration.embed_setup import portal_key

    keys = await province(api)
    portal = await portal_key(api, "000.00.00.H29")
    r = await api.client.post(f"/f/{SLUG}", data={
        "_t": portal.token(form=SLUG, svc="1.001193", dossier="HS-PAGE"), "overall": "1"})
    assert r.status_code == 303, r.text
    rows = await api.ctx.db.raw("SELECT c.state FROM feedback_case c JOIN response r "
                                "ON r.id = c.response WHERE r.channel = 'web'")
    assert [row["state"] for row in rows] == ["new"]
    assert keys


async def test_bad_rules_are_refused_with_what_to_write(api: Api) -> None:
    keys = await province(api)
    for body, fragment in (
        ({"choices": [{"question": "comment", "answers": ["x"]}]}, "no question comment"),
        ({"choices": [{"question": "problems", "answers": ["late"]}]}, "no answer late"),
        ({"phrases": ["a"]}, "2 to 100"),
        ({"colour": "red"}, "no field colour"),
    ):
        r = await api.call("PUT", RULE, keys["designer"], json=body,
                           headers={"Accept-Language": "en"})
        assert r.status_code == 400, r.text
        assert r.json()["error"] == "invalid_case_rule"
        assert fragment in r.json()["message"], r.text
    r = await api.call("PUT", RULE, keys["designer"], json={"phrases": ["a"]},
                       headers={"Accept-Language": "vi"})
    assert r.status_code == 400 and "ký tự" in r.json()["message"], r.text
    r = await api.call("PUT", RULE, keys["analyst"], json={"phrases": ["thai do"]})
    assert r.status_code == 403, r.text
    r = await api.call("GET", RULE, keys["analyst"])
    assert r.json()["default"] is True  # nothing stored


async def test_a_rule_stored_in_one_process_reaches_the_next_answer(api: Api) -> None:
    keys = await province(api)
    assert await case_of(api, await answer(api, keys["portal"], "HS-1", overall=5,
                                           comment="thái độ")) is None
    r = await api.call("PUT", RULE, keys["designer"], json={"phrases": ["thai do"]})
    assert r.status_code == 200, r.text
    assert await case_of(api, await answer(api, keys["portal"], "HS-2", overall=5,
                                           comment="thái độ")) is not None


async def test_a_follow_up_that_fails_takes_its_answer_with_it(api: Api) -> None:
    """The case row and the answer share one transaction: neither is stored alone."""
    from forms_service.responses.followups import FollowUp
    from forms_service.responses.storage import COLUMNS, write_response

    keys = await province(api)
    first = await answer(api, keys["portal"], "HS-1", overall=1)
    [row] = await api.ctx.db.raw("SELECT * FROM response WHERE id = {}", first)
    values = {name: row[name] for name in COLUMNS} | {"dossier_hash": "x" * 64}
    broken = FollowUp("feedback_case", {"agency": row["agency"], "form": row["form"],
                                        "no_such_column": 1})
    try:
        await write_response(api.ctx.db, values, [], None, (), (broken,))
    except Exception:
        pass
    else:
        raise AssertionError("a follow-up into a missing column was stored")
    stored = await api.ctx.db.raw("SELECT id FROM response WHERE dossier_hash = {}", "x" * 64)
    assert stored == []
    counted = await api.ctx.db.raw("SELECT SUM(responses) AS n FROM response_aggregate "
                                   "WHERE span = 'year'")
    assert counted[0]["n"] == 1  # the first answer only
