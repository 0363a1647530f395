"""A form's schedule: opening and closing times (Vietnam time) and a cap on answers,
refused with clear pages for citizens and 4xx codes on the API."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from typing import Any

from forms_service.i18n import VIETNAM
from forms_service.responses.tables import Response
from tests.integration.conftest import Api
from tests.integration.embed_setup import error_code, hidden_fields

OPEN_ANSWERS = {"heard_from": ["tv", "zalo"], "submission": "self", "overall": "4"}


def answer(dossier: str) -> dict[str, Any]:
    return {"form": "hai-long", "service": "1.001193", "dossier": dossier, "channel": "web",
            "locale": "vi", "answers": {"overall": 3}}


async def _schedule(api: Api, key: str, slug: str = "hai-long", *, lang: str = "vi",
                    **body: Any) -> Any:
    return await api.call("PUT", f"/api/v1/forms/{slug}/schedule", key, json=body,
                          headers={"Accept-Language": lang})


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


async def test_a_schedule_is_checked_and_times_without_offset_are_vietnam_time(
    api: Api, province: dict[str, str]
) -> None:
    r = await _schedule(api, province["designer"], opens_at="2027-03-01T08:00:00",
                        closes_at="2027-02-01T08:00:00")
    assert r.status_code == 400, r.text
    assert "closes_at phải sau opens_at" in r.json()["message"]
    assert "08:00 01/03/2027" in r.json()["message"]
    r = await _schedule(api, province["designer"], max_responses=0)
    assert r.status_code == 400 and "max_responses" in r.json()["message"]
    r = await _schedule(api, province["designer"], opens_at="soon")
    assert r.status_code == 400
    r = await _schedule(api, province["analyst"], max_responses=5)
    assert r.status_code == 403
    r = await _schedule(api, province["designer"], opens_at="2027-03-01T08:00:00",
                        max_responses=500)
    assert r.status_code == 200, r.text
    schedule = r.json()["schedule"]
    assert dt.datetime.fromisoformat(schedule["opens_at"]) == dt.datetime(
        2027, 3, 1, 1, 0, tzinfo=dt.UTC)
    assert schedule["closes_at"] is None and schedule["max_responses"] == 500
    r = await api.call("GET", "/api/v1/forms/hai-long", province["designer"])
    assert r.json()["schedule"]["max_responses"] == 500
    # nulls lift every limit
    r = await _schedule(api, province["designer"])
    assert r.json()["schedule"] == {"opens_at": None, "closes_at": None, "max_responses": None}


async def test_before_opening_and_after_closing_answers_are_refused(
    api: Api, province: dict[str, str]
) -> None:
    portal = province["portal"]
    # an answer first: the form's target is kept in this process for the next one
    r = await api.call("POST", "/api/v1/responses", portal, json=answer("HS-1"))
    assert r.status_code == 201, r.text
    opens = dt.datetime.now(VIETNAM).replace(microsecond=0) + dt.timedelta(days=2)
    r = await _schedule(api, province["designer"], opens_at=opens.isoformat())
    assert r.status_code == 200
    r = await api.call("POST", "/api/v1/responses", portal, json=answer("HS-2"),
                       headers={"Accept-Language": "vi"})
    assert r.status_code == 409, r.text
    assert r.json()["error"] == "form_not_open"
    assert opens.strftime("%H:%M %d/%m/%Y") in r.json()["message"]
    assert "giờ Việt Nam" in r.json()["message"]
    closed = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    r = await _schedule(api, province["designer"], opens_at=None,
                        closes_at=closed.isoformat())
    r = await api.call("POST", "/api/v1/responses", portal, json=answer("HS-3"),
                       headers={"Accept-Language": "en"})
    assert r.status_code == 409 and r.json()["error"] == "form_closed"
    assert closed.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y") in r.json()["message"]
    assert await Response.count().run() == 1
    # open again: answers are taken
    r = await _schedule(api, province["designer"],
                        closes_at=(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).isoformat())
    r = await api.call("POST", "/api/v1/responses", portal, json=answer("HS-3"))
    assert r.status_code == 201, r.text


async def test_citizens_see_when_an_open_form_opens_and_that_it_closed(
    api: Api, province: dict[str, str]
) -> None:
    await api.published_form(province["designer"], "truyen-thong", template="communication",
                             access="open")
    r = await api.client.get("/f/truyen-thong")
    fields = hidden_fields(r.text)
    opens = dt.datetime(2031, 5, 4, 7, 30, tzinfo=VIETNAM)
    await _schedule(api, province["designer"], "truyen-thong", opens_at=opens.isoformat())
    r = await api.client.get("/f/truyen-thong", headers={"Accept-Language": "vi"})
    assert r.status_code == 409 and error_code(r.text) == "form_not_open"
    text = _text(r.text)
    assert "Phiếu khảo sát chưa mở" in text
    assert "Phiếu mở lúc 07:30 04/05/2031 (giờ Việt Nam)" in text
    # a page opened before the form closed cannot send answers after
    await _schedule(api, province["designer"], "truyen-thong",
                    closes_at="2020-01-31T17:00:00+07:00")
    r = await api.client.post("/f/truyen-thong", data=fields | OPEN_ANSWERS | {"_lang": "en"})
    assert r.status_code == 409 and error_code(r.text) == "form_closed"
    assert "It closed at 17:00 31/01/2020 (Vietnam time)" in _text(r.text)
    assert await Response.count().run() == 0


async def test_a_capped_form_stops_at_its_cap_even_when_answers_arrive_together(
    api: Api, province: dict[str, str]
) -> None:
    portal = province["portal"]
    r = await _schedule(api, province["designer"], max_responses=3)
    assert r.status_code == 200
    results = await asyncio.gather(*(
        api.call("POST", "/api/v1/responses", portal, json=answer(f"HS-{i}"))
        for i in range(8)))
    codes = sorted(r.status_code for r in results)
    assert codes == [201] * 3 + [409] * 5, [r.text for r in results]
    assert {r.json()["error"] for r in results if r.status_code == 409} == {"form_full"}
    assert await Response.count().run() == 3
    # once full, every further answer is told so, a repeated dossier too
    stored = next(i for i, r in enumerate(results) if r.status_code == 201)
    r = await api.call("POST", "/api/v1/responses", portal, json=answer(f"HS-{stored}"))
    assert r.status_code == 409 and r.json()["error"] == "form_full"
    # the page says the survey has its answers
    await api.published_form(province["designer"], "truyen-thong", template="communication",
                             access="open")
    await _schedule(api, province["designer"], "truyen-thong", max_responses=1)
    first = hidden_fields((await api.client.get("/f/truyen-thong")).text)
    second = hidden_fields((await api.client.get("/f/truyen-thong")).text)
    r = await api.client.post("/f/truyen-thong", data=first | OPEN_ANSWERS)
    assert r.status_code == 303
    r = await api.client.post("/f/truyen-thong", data=second | OPEN_ANSWERS)
    assert r.status_code == 409 and error_code(r.text) == "form_full"
    r = await api.client.get("/f/truyen-thong", headers={"Accept-Language": "vi"})
    assert r.status_code == 409 and "Phiếu khảo sát đã nhận đủ số câu trả lời" in _text(r.text)
    # raising the cap opens it again; nothing stored was lost
    await _schedule(api, province["designer"], "truyen-thong", max_responses=2)
    r = await api.client.post("/f/truyen-thong", data=second | OPEN_ANSWERS)
    assert r.status_code == 303
    assert await Response.count().run() == 5
