"""Collecting and reading responses through HTTP."""

from __future__ import annotations

from typing import Any

from forms_service.responses.tables import Response
from tests.integration.conftest import Api
from tests.integration.definitions import satisfaction, with_required_reason

H29 = "000.00.00.H29"


def answer(overall: int = 3, dossier: str = "HS-0001", **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"form": "hai-long", "service": "1.001193", "dossier": dossier,
                            "channel": "web", "locale": "vi", "answers": {"overall": overall}}
    body.update(extra)
    return body


async def test_portal_submits_and_analyst_reads(api: Api, province: dict[str, str]) -> None:
    r = await api.call("POST", "/api/v1/responses", province["portal"], json=answer(3))
    assert r.status_code == 201, r.text
    assert isinstance(r.json()["id"], int) and r.json()["version"] == 1
    r = await api.call("GET", "/api/v1/responses?form=hai-long", province["analyst"])
    assert r.status_code == 200
    page = r.json()
    assert len(page["items"]) == 1 and page["next_after"] is None
    item = page["items"][0]
    assert item["answers"] == {"overall": 3}
    assert item["service"] == "1.001193" and item["agency"] == H29
    assert item["satisfaction_value"] == 3 and item["satisfied"] is True  # 3 = Rất hài lòng
    assert "dossier" not in item and "dossier_hash" not in item


async def test_duplicate_dossier_is_409_and_first_answer_stays(
    api: Api, province: dict[str, str]
) -> None:
    r = await api.call("POST", "/api/v1/responses", province["portal"], json=answer(3))
    assert r.status_code == 201
    r = await api.call("POST", "/api/v1/responses", province["portal"], json=answer(1))
    assert r.status_code == 409
    assert r.json()["error"] == "already_answered"
    rows = await Response.select(Response.answers, Response.dossier_hash).run()
    assert len(rows) == 1
    assert "3" in str(rows[0]["answers"])
    assert rows[0]["dossier_hash"] and "HS-0001" not in rows[0]["dossier_hash"]
    r = await api.call("POST", "/api/v1/responses", province["portal"],
                       json=answer(1, dossier="HS-0002"))
    assert r.status_code == 201


async def test_invalid_answers_are_422_with_paths(api: Api, province: dict[str, str]) -> None:
    body = answer()
    body["answers"] = {}
    r = await api.call("POST", "/api/v1/responses", province["portal"], json=body)
    assert r.status_code == 422
    payload = r.json()
    assert payload["error"] == "invalid_answers"
    assert payload["errors"][0]["path"] == "/overall"
    assert payload["errors"][0]["code"] == "required"
    vi_message = payload["errors"][0]["message"]
    r = await api.call("POST", "/api/v1/responses", province["portal"],
                       json=body | {"locale": "en"})
    en_message = r.json()["errors"][0]["message"]
    assert vi_message != en_message and "answer" in en_message.lower()
    body["answers"] = {"overall": 9}
    r = await api.call("POST", "/api/v1/responses", province["portal"], json=body)
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "choice"
    body["answers"] = {"overall": "3"}
    r = await api.call("POST", "/api/v1/responses", province["portal"], json=body)
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "type"
    body["answers"] = {"overall": 3, "hacker": "x"}
    r = await api.call("POST", "/api/v1/responses", province["portal"], json=body)
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "/hacker"
    assert await Response.count().run() == 0


async def test_hidden_answers_are_dropped_and_required_only_when_visible(
    api: Api
) -> None:
    await api.agency(H29)
    d = await api.make_key("designer", H29)
    portal = await api.make_key("portal", H29)
    await api.service(d, "1.001193")
    await api.published_form(d, "hai-long", definition=with_required_reason())
    # satisfied: reason hidden, so not required, and a sent reason is dropped
    body = answer(5)
    body["answers"]["reason"] = "không có gì"
    r = await api.call("POST", "/api/v1/responses", portal, json=body)
    assert r.status_code == 201, r.text
    # dissatisfied: reason visible and required
    r = await api.call("POST", "/api/v1/responses", portal, json=answer(1, dossier="HS-2"))
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "/reason"
    body = answer(1, dossier="HS-2")
    body["answers"]["reason"] = "Cho\u031b\u0300 đo\u031b\u0323i qua\u0301 lâu"  # NFD input
    r = await api.call("POST", "/api/v1/responses", portal, json=body)
    assert r.status_code == 201
    analyst = await api.make_key("analyst", H29)
    items = (await api.call("GET", "/api/v1/responses?form=hai-long", analyst)).json()["items"]
    assert items[0]["answers"] == {"overall": 5}
    assert items[0]["satisfied"] is True
    assert items[1]["answers"] == {"overall": 1, "reason": "Chờ đợi quá lâu"}
    assert items[1]["satisfied"] is False


async def test_submission_context_is_checked(api: Api, province: dict[str, str]) -> None:
    portal = province["portal"]
    cases = [
        (answer(service="9.999"), 404),
        (answer(form="nope"), 404),
        (answer(channel="fax"), 400),
        (answer(locale="fr"), 400),
        (answer(dossier=""), 400),
        (answer(dossier="x" * 201), 400),
    ]
    for body, status in cases:
        r = await api.call("POST", "/api/v1/responses", portal, json=body)
        assert r.status_code == status, (body, r.text)
        assert r.json()["message"]
    body = answer()
    del body["service"]
    r = await api.call("POST", "/api/v1/responses", portal, json=body)
    assert r.status_code == 400 and "service" in r.json()["message"]
    assert await Response.count().run() == 0


async def test_only_published_forms_take_answers(api: Api, province: dict[str, str]) -> None:
    r = await api.call("POST", "/api/v1/forms/hai-long/archive", province["designer"])
    assert r.status_code == 200
    r = await api.call("POST", "/api/v1/responses", province["portal"], json=answer())
    assert r.status_code == 409 and r.json()["error"] == "form_closed"
    r = await api.call("POST", "/api/v1/forms", province["designer"],
                       json={"slug": "nhap", "definition": satisfaction()})
    r = await api.call("POST", "/api/v1/responses", province["portal"], json=answer(form="nhap"))
    assert r.status_code == 409 and r.json()["error"] == "form_closed"


async def test_answers_follow_the_latest_version(api: Api, province: dict[str, str]) -> None:
    d = province["designer"]
    await api.call("POST", "/api/v1/responses", province["portal"], json=answer(3))
    r = await api.call("PUT", "/api/v1/forms/hai-long/draft", d,
                       json={"definition": satisfaction()})
    await api.call("POST", "/api/v1/forms/hai-long/publish", d)
    r = await api.call("POST", "/api/v1/responses", province["portal"],
                       json=answer(5, dossier="HS-9"))
    assert r.status_code == 201 and r.json()["version"] == 2
    items = (await api.call("GET", "/api/v1/responses?form=hai-long",
                            province["analyst"])).json()["items"]
    assert [i["version"] for i in items] == [1, 2]
    assert [i["satisfied"] for i in items] == [True, True]


async def test_cross_agency_submission_and_reading_is_refused(
    api: Api, province: dict[str, str]
) -> None:
    await api.agency("H30")
    other_portal = await api.make_key("portal", "H30")
    other_analyst = await api.make_key("analyst", "H30")
    r = await api.call("POST", "/api/v1/responses", other_portal, json=answer())
    assert r.status_code == 404
    await api.call("POST", "/api/v1/responses", province["portal"], json=answer())
    r = await api.call("GET", "/api/v1/responses?form=hai-long", other_analyst)
    assert r.status_code == 404
    national = await api.make_key("analyst")
    r = await api.call("GET", "/api/v1/responses?form=hai-long", national)
    assert r.status_code == 200 and len(r.json()["items"]) == 1


async def test_roles_on_responses(api: Api, province: dict[str, str]) -> None:
    for role in ("designer", "analyst"):
        r = await api.call("POST", "/api/v1/responses", province[role], json=answer())
        assert r.status_code == 403
    for role in ("designer", "portal"):
        r = await api.call("GET", "/api/v1/responses?form=hai-long", province[role])
        assert r.status_code == 403


async def test_pagination(api: Api, province: dict[str, str]) -> None:
    for i in range(5):
        r = await api.call("POST", "/api/v1/responses", province["portal"],
                           json=answer(1 + i % 3, dossier=f"HS-{i}"))
        assert r.status_code == 201
    seen: list[int] = []
    after = None
    while True:
        url = "/api/v1/responses?form=hai-long&limit=2" + (f"&after={after}" if after else "")
        page = (await api.call("GET", url, province["analyst"])).json()
        seen += [item["id"] for item in page["items"]]
        after = page["next_after"]
        if after is None:
            break
    assert len(seen) == 5 and seen == sorted(seen)
    r = await api.call("GET", "/api/v1/responses?form=hai-long&limit=0", province["analyst"])
    assert r.status_code == 400
    r = await api.call("GET", "/api/v1/responses?form=hai-long&since=2999-01-01T00:00:00Z",
                       province["analyst"])
    assert r.json()["items"] == []
    r = await api.call("GET", "/api/v1/responses?form=hai-long&since=yesterday",
                       province["analyst"])
    assert r.status_code == 400
