"""The workspace page of a form's case rule, without JavaScript: the default rule
shown, a rule saved from the form's fields and used for the next answers, bad
input refused beside its field in the person's language, readers kept out."""

from __future__ import annotations

from typing import Any

from tests.integration.cases.setup import AGENCY, SLUG, answer, case_of, province
from tests.integration.conftest import Api

PAGE = f"/designer/forms/{SLUG}/cases"


async def test_a_designer_sets_the_case_rule_on_its_page(api: Api, sign_in: Any) -> None:
    keys = await province(api)
    designer = await sign_in("designer", AGENCY, locale="vi")
    r = await designer.get(f"/designer/forms/{SLUG}")
    assert f'href="{PAGE}"' in r.text
    r = await designer.get(PAGE)
    assert r.status_code == 200, r.text
    assert 'id="default-note"' in r.text
    assert 'id="not_satisfied" name="not_satisfied" type="checkbox" checked' in r.text
    # the form's choice questions with their answers: overall (5 ratings), problems (3)
    assert 'name="answer:problems" type="checkbox" value="1"' in r.text
    assert "Thái độ" in r.text and 'name="answer:comment"' not in r.text
    r = await designer.post(PAGE, data={
        "csrf_token": designer.csrf_token, "active": "on", "answer:problems": ["1", "0"],
        "phrases": "thai do\n\n  hách   dịch  \n"})
    assert r.status_code == 303, r.text
    assert r.headers["location"] == f"{PAGE}?done=rule#notice"
    r = await api.call("GET", f"/api/v1/forms/{SLUG}/case-rule", keys["analyst"])
    rule = r.json()
    assert (rule["not_satisfied"], rule["active"], rule["default"]) == (False, True, False)
    assert rule["choices"] == [{"question": "problems", "answers": ["rude", "slow"]}]
    assert rule["phrases"] == ["thai do", "hách dịch"]
    r = await designer.get(f"{PAGE}?done=rule")
    assert "Đã lưu quy tắc mở vụ việc." in r.text
    assert 'name="answer:problems" type="checkbox" value="1" checked' in r.text
    assert 'name="answer:problems" type="checkbox" value="2">' in r.text
    assert "thai do\nhách dịch</textarea>" in r.text
    # the rule is the one the next answers meet
    not_satisfied = await answer(api, keys["portal"], "HS-1", overall=1)
    rude = await answer(api, keys["portal"], "HS-2", overall=5, problems=["rude"])
    phrase = await answer(api, keys["portal"], "HS-3", overall=4, comment="Thái độ tốt")
    assert await case_of(api, not_satisfied) is None
    assert (await case_of(api, rude))["reasons"] == "choice"  # type: ignore[index]
    assert (await case_of(api, phrase))["reasons"] == "phrase"  # type: ignore[index]


async def test_bad_input_is_refused_beside_its_field(api: Api, sign_in: Any) -> None:
    keys = await province(api)
    designer = await sign_in("designer", AGENCY, locale="en")
    r = await designer.post(PAGE, data={"csrf_token": designer.csrf_token,
                                        "not_satisfied": "on", "phrases": "x\nthái độ"})
    assert r.status_code == 400, r.text
    assert 'id="phrases-error">Each phrase has 2 to 100 characters.' in r.text
    assert 'aria-invalid="true"' in r.text and "x\nthái độ</textarea>" in r.text
    r = await designer.post(PAGE, data={"csrf_token": designer.csrf_token,
                                        "answer:problems": "9"})
    assert r.status_code == 400
    assert 'id="choices-error">Question problems has no answer 9' in r.text
    r = await designer.post(PAGE, data={"csrf_token": designer.csrf_token,
                                        "answer:nothing": "0", "phrases": "a b c\n" * 51})
    assert r.status_code == 400 and "phrases is a list of at most 50 phrases." in r.text
    vi = await sign_in("designer", AGENCY, locale="vi")
    r = await vi.post(PAGE, data={"csrf_token": vi.csrf_token, "phrases": "x"})
    assert r.status_code == 400 and "Mỗi cụm từ có từ 2 đến 100 ký tự." in r.text
    r = await designer.post(PAGE, data={"phrases": "thai do"})
    assert r.status_code == 403  # no CSRF token
    # nothing was stored: the default rule still holds
    r = await api.call("GET", f"/api/v1/forms/{SLUG}/case-rule", keys["analyst"])
    assert r.json()["default"] is True


async def test_readers_see_the_rule_and_others_do_not(api: Api, sign_in: Any) -> None:
    await province(api)
    analyst = await sign_in("analyst", AGENCY, locale="en")
    r = await analyst.get(PAGE)
    assert r.status_code == 200 and "but only the agency" in r.text
    assert "Save the rule" not in r.text
    r = await analyst.post(PAGE, data={"csrf_token": analyst.csrf_token, "phrases": "abc"})
    assert r.status_code == 403
    other = await sign_in("designer", "000.00.00.G14", locale="en")
    r = await other.get(PAGE)
    assert r.status_code == 404
    r = await other.post(PAGE, data={"csrf_token": other.csrf_token, "phrases": "abc"})
    assert r.status_code == 404
