"""Forms, drafts, versions and templates through HTTP."""

from __future__ import annotations

from tests.integration.conftest import Api
from tests.integration.definitions import satisfaction


async def _designer(api: Api, agency: str = "H29") -> str:
    await api.agency(agency)
    return await api.make_key("designer", agency)


async def test_templates_are_listed_and_readable(api: Api) -> None:
    r = await api.call("GET", "/api/v1/templates")
    names = {t["name"] for t in r.json()}
    assert names == {"quick-rating", "sipas", "communication", "agency-communication", "nps"}
    for t in r.json():
        assert t["title"]["vi"] and t["title"]["en"]
    r = await api.call("GET", "/api/v1/templates/sipas")
    assert r.status_code == 200 and r.json()["type"] == "object"
    r = await api.call("GET", "/api/v1/templates/nope")
    assert r.status_code == 404 and "/api/v1/templates" in r.json()["message"]


async def test_create_edit_publish_lifecycle(api: Api) -> None:
    d = await _designer(api)
    r = await api.call("POST", "/api/v1/forms", d,
                       json={"slug": "hai-long", "definition": satisfaction()})
    assert r.status_code == 201, r.text
    form = r.json()
    assert form["status"] == "draft" and form["latest_version"] is None
    assert form["agency"] == "H29" and form["draft"]["title"] == "Đánh giá mức độ hài lòng"

    r = await api.call("POST", "/api/v1/forms/hai-long/publish", d)
    assert r.status_code == 200
    assert r.json()["status"] == "published" and r.json()["latest_version"] == 1
    assert r.json()["draft"] is None and r.json()["has_unpublished_changes"] is False

    r = await api.call("POST", "/api/v1/forms/hai-long/publish", d)
    assert r.status_code == 409 and r.json()["error"] == "nothing_to_publish"

    edited = satisfaction(title="Đánh giá mới")
    r = await api.call("PUT", "/api/v1/forms/hai-long/draft", d, json={"definition": edited})
    assert r.status_code == 200
    assert r.json()["latest_version"] == 1 and r.json()["has_unpublished_changes"]
    assert r.json()["definition"]["title"] == "Đánh giá mức độ hài lòng"

    r = await api.call("POST", "/api/v1/forms/hai-long/publish", d)
    assert r.json()["latest_version"] == 2
    assert [v["number"] for v in r.json()["versions"]] == [1, 2]

    v1 = (await api.call("GET", "/api/v1/forms/hai-long/versions/1", d)).json()
    v2 = (await api.call("GET", "/api/v1/forms/hai-long/versions/2", d)).json()
    assert v1["definition"]["title"] == "Đánh giá mức độ hài lòng"
    assert v2["definition"]["title"] == "Đánh giá mới"
    r = await api.call("GET", "/api/v1/forms/hai-long/versions/3", d)
    assert r.status_code == 404


async def test_draft_equal_to_latest_version_is_no_change(api: Api) -> None:
    d = await _designer(api)
    await api.published_form(d, "hai-long", definition=satisfaction())
    r = await api.call("PUT", "/api/v1/forms/hai-long/draft", d,
                       json={"definition": satisfaction()})
    assert r.json()["has_unpublished_changes"] is False


async def test_create_from_template(api: Api) -> None:
    d = await _designer(api)
    r = await api.call("POST", "/api/v1/forms", d,
                       json={"slug": "truyen-thong", "template": "communication",
                             "access": "open"})
    assert r.status_code == 201
    assert r.json()["access"] == "open"
    assert "heard_from" in r.json()["draft"]["properties"]
    r = await api.call("POST", "/api/v1/forms", d, json={"slug": "x1", "template": "zzz"})
    assert r.status_code == 404
    r = await api.call("POST", "/api/v1/forms", d,
                       json={"slug": "x2", "template": "nps", "definition": satisfaction()})
    assert r.status_code == 400


async def test_invalid_definition_gets_paths_and_messages(api: Api) -> None:
    d = await _designer(api)
    bad = satisfaction()
    bad["properties"]["overall"]["x-widget"] = "slider"
    del bad["properties"]["reason"]["title"]
    r = await api.call("POST", "/api/v1/forms", d, json={"slug": "bad", "definition": bad})
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "invalid_definition"
    paths = {e["path"] for e in body["errors"]}
    assert "/properties/overall/x-widget" in paths
    assert any(p.startswith("/properties/reason") for p in paths)
    assert all(e["message"] for e in body["errors"])
    r = await api.call("GET", "/api/v1/forms/bad", d)
    assert r.status_code == 404


async def test_remote_ref_is_refused(api: Api) -> None:
    d = await _designer(api)
    bad = satisfaction()
    bad["properties"]["reason"] = {"$ref": "https://example.org/evil.json", "title": "x"}
    r = await api.call("POST", "/api/v1/forms", d, json={"slug": "bad", "definition": bad})
    assert r.status_code == 422


async def test_slug_rules(api: Api) -> None:
    d = await _designer(api)
    await api.published_form(d, "hai-long")
    r = await api.call("POST", "/api/v1/forms", d,
                       json={"slug": "hai-long", "template": "nps"})
    assert r.status_code == 409
    r = await api.call("POST", "/api/v1/forms", d, json={"slug": "Hai Long", "template": "nps"})
    assert r.status_code == 400


async def test_archive_and_reopen(api: Api) -> None:
    d = await _designer(api)
    await api.published_form(d, "hai-long")
    r = await api.call("POST", "/api/v1/forms/hai-long/archive", d)
    assert r.json()["status"] == "archived"
    r = await api.call("POST", "/api/v1/forms/hai-long/publish", d)
    assert r.json()["status"] == "published" and r.json()["latest_version"] == 1


async def test_forms_are_private_to_the_agency(api: Api) -> None:
    d = await _designer(api, "H29")
    other = await _designer(api, "H30")
    await api.published_form(d, "hai-long")
    for method, path, body in [
        ("GET", "/api/v1/forms/hai-long", None),
        ("PUT", "/api/v1/forms/hai-long/draft", {"definition": satisfaction()}),
        ("POST", "/api/v1/forms/hai-long/publish", None),
        ("POST", "/api/v1/forms/hai-long/archive", None),
        ("GET", "/api/v1/forms/hai-long/versions/1", None),
    ]:
        r = await api.call(method, path, other, json=body)
        assert r.status_code == 404, (method, path, r.text)
    r = await api.call("POST", "/api/v1/forms", other,
                       json={"slug": "x3", "template": "nps", "agency": "H29"})
    assert r.status_code == 403
    r = await api.call("GET", "/api/v1/forms", other)
    assert r.json() == []
    r = await api.call("GET", "/api/v1/forms?agency=H29", other)
    assert r.status_code == 403


async def test_roles_on_forms(api: Api) -> None:
    d = await _designer(api)
    analyst = await api.make_key("analyst", "H29")
    portal = await api.make_key("portal", "H29")
    await api.published_form(d, "hai-long")
    for key in (analyst, portal):
        r = await api.call("POST", "/api/v1/forms", key, json={"slug": "x4", "template": "nps"})
        assert r.status_code == 403
        r = await api.call("POST", "/api/v1/forms/hai-long/archive", key)
        assert r.status_code == 403
        r = await api.call("GET", "/api/v1/forms/hai-long", key)
        assert r.status_code == 200
