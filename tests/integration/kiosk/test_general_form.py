"""A device whose form is a general published form: its questions in the state the
device keeps, its answers stored through the one pipeline, a form the kiosk cannot
show refused at enrolment."""

from __future__ import annotations

import json
from typing import Any

from tests.integration.conftest import Api
from tests.integration.dossiers_setup import AGENCY
from tests.integration.kiosk.general_form import general_form, with_a_date
from tests.integration.kiosk_setup import bound_kiosk, kiosk_agency, signed_post

STATE = "/api/v1/kiosk/state"


def item(seq: int, answers: dict[str, object], **extra: object) -> dict[str, object]:
    return {"seq": seq, "answered_at": "2026-12-07T08:00:00+07:00", "form": "tai-quay",
            "answers": answers, **extra}


async def test_a_device_shows_a_general_form_and_its_answers_are_stored(
        api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    await api.published_form(keys["designer"], "tai-quay", definition=general_form())
    kiosk = await bound_kiosk(api, keys["designer"], form="tai-quay")
    r = await signed_post(kiosk, STATE, {"queue": 0})
    assert r.status_code == 200, r.text
    questions = r.json()["questions"]
    assert [q["n"] for q in questions] == ["kenh", "van_de", "muc_do", "so_lan", "ten", "gop_y"]
    kinds = {q["n"]: q["k"] for q in questions}
    assert kinds == {"kenh": "one", "van_de": "many", "muc_do": "face", "so_lan": "num",
                     "ten": "text", "gop_y": "long"}
    kenh, van_de, muc_do, so_lan, ten, _ = questions
    assert kenh["r"] is True and kenh["t"] == {"vi": "Ông/Bà nộp hồ sơ bằng cách nào?",
                                               "en": "How did you file?"}
    assert kenh["c"] == [[1, {"vi": "Trực tiếp", "en": "In person"}],
                         [2, {"vi": "Trực tuyến", "en": "Online"}]]
    assert van_de["if"] == ["kenh", [2], False] and van_de["r"] is False
    assert [c[0] for c in muc_do["c"]] == [3, 2, 1]
    assert (so_lan["min"], so_lan["max"], so_lan["int"]) == (1, 20, True)
    assert ten["len"] == 200
    # a rating form's state has no questions: the kiosk shows its quick rating
    rating = await bound_kiosk(api, keys["designer"])
    assert (await signed_post(rating, STATE, {})).json()["questions"] is None

    every = {"kenh": 2, "van_de": ["mang", "ky_so"], "muc_do": 1, "so_lan": 3,
             "ten": "Đăng ký khai sinh", "gop_y": "Cần thêm ghế chờ"}
    r = await kiosk.send([item(1, every, version=1)], queue=1)
    assert r.status_code == 200, r.text
    assert r.json()["results"][0]["result"] == "stored", r.text
    [row] = await api.ctx.db.raw("SELECT answers, channel FROM response")
    stored = row["answers"] if isinstance(row["answers"], dict) else json.loads(row["answers"])
    assert stored == every and row["channel"] == "kiosk"
    # a replay is stored once
    r = await kiosk.send([item(1, every, version=1)])
    assert r.json()["results"][0]["result"] == "duplicate"
    # the server checks again: a missing required answer, a number out of range
    r = await kiosk.send([item(2, {"kenh": 1, "muc_do": 3}), item(3, {**every, "so_lan": 99})],
                         locale="en")
    results = r.json()["results"]
    assert [x["result"] for x in results] == ["rejected", "rejected"], results
    assert "so_lan" in json.dumps(results[0]["errors"]) and "so_lan" in json.dumps(
        results[1]["errors"])
    assert (await api.ctx.db.raw("SELECT COUNT(*) AS n FROM response"))[0]["n"] == 1


async def test_a_form_the_kiosk_cannot_show_is_refused(
        api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    await api.published_form(keys["designer"], "co-ngay", definition=with_a_date())
    for lang, words in (("en", "The kiosk cannot show the question ngay_nop (date)"),
                        ("vi", "Ki-ốt không hiển thị được câu hỏi ngay_nop (date)")):
        r = await api.call("POST", "/api/v1/devices", keys["designer"],
                           json={"name": "K", "form": "co-ngay", "counter": "Q01"},
                           headers={"Accept-Language": lang})
        assert r.status_code == 400, r.text
        assert r.json()["error"] == "kiosk_question_unsupported"
        assert words in r.json()["message"], r.text
    assert (await api.ctx.db.raw("SELECT COUNT(*) AS n FROM device"))[0]["n"] == 0


async def test_the_workspace_refuses_a_form_the_kiosk_cannot_show(
        api: Api, province: dict[str, str], sign_in: Any) -> None:
    keys = await kiosk_agency(api, province)
    await api.published_form(keys["designer"], "co-ngay", definition=with_a_date())
    await api.published_form(keys["designer"], "tai-quay", definition=general_form())
    designer = await sign_in("designer", AGENCY, locale="vi")
    fields = {"csrf_token": designer.csrf_token, "action": "enrol", "name": "K",
              "place": "counter:Q01"}
    r = await designer.post("/devices", data={**fields, "form": "co-ngay"})
    assert r.status_code == 400 and 'role="alert"' in r.text
    assert "Ki-ốt không hiển thị được câu hỏi ngay_nop (date)" in r.text
    r = await designer.post("/devices", data={**fields, "form": "tai-quay"})
    assert r.status_code == 201, r.text
    listed = (await api.call("GET", "/api/v1/devices", keys["designer"])).json()
    assert [d["form"] for d in listed] == ["tai-quay"]


async def test_answers_to_an_earlier_version_stay_pinned_to_it(
        api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    await api.published_form(keys["designer"], "tai-quay", definition=general_form())
    kiosk = await bound_kiosk(api, keys["designer"], form="tai-quay")
    definition = general_form()
    definition["properties"]["ho_so"] = {"title": "Loại hồ sơ", "type": "string",
                                         "maxLength": 100, "x-widget": "text"}
    definition["required"].append("ho_so")
    r = await api.call("PUT", "/api/v1/forms/tai-quay/draft", keys["designer"],
                       json={"definition": definition})
    assert r.status_code == 200, r.text
    r = await api.call("POST", "/api/v1/forms/tai-quay/publish", keys["designer"])
    assert r.status_code == 200, r.text
    state = (await signed_post(kiosk, STATE, {})).json()
    assert state["version"] == 2 and state["questions"][-1]["n"] == "ho_so"
    # given offline on version 1, without the question version 2 added
    old = {"kenh": 1, "muc_do": 3, "so_lan": 2}
    r = await kiosk.send([item(1, old, version=1), item(2, {**old, "ho_so": "Đất đai"},
                                                         version=2)])
    assert [x["result"] for x in r.json()["results"]] == ["stored", "stored"], r.text
    rows = await api.ctx.db.raw(
        "SELECT v.number FROM response r JOIN form_version v ON v.id = r.form_version "
        "JOIN kiosk_answer k ON k.response = r.id ORDER BY k.seq")
    assert [x["number"] for x in rows] == [1, 2]
    r = await kiosk.send([item(3, old, version=2)])
    assert r.json()["results"][0]["result"] == "rejected"
    # a later version with a question the kiosk cannot show: the device is told which,
    # keeps the version it has, and its answers to that version are still stored
    r = await api.call("PUT", "/api/v1/forms/tai-quay/draft", keys["designer"],
                       json={"definition": {**with_a_date(), "required": ["kenh"]}})
    assert r.status_code == 200, r.text
    r = await api.call("POST", "/api/v1/forms/tai-quay/publish", keys["designer"])
    assert r.status_code == 200, r.text
    r = await signed_post(kiosk, STATE, {}, locale="en")
    assert r.status_code == 400 and r.json()["error"] == "kiosk_question_unsupported"
    assert "ngay_nop" in r.json()["message"]
    r = await kiosk.send([item(4, {**old, "ho_so": "Hộ tịch"}, version=2)])
    assert r.json()["results"][0]["result"] == "stored", r.text
