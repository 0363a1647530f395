"""Agencies and API keys through HTTP."""

from __future__ import annotations

from tests.integration.conftest import Api


async def test_admin_registers_and_lists_agencies(api: Api) -> None:
    r = await api.call("POST", "/api/v1/agencies", api.admin,
                       json={"code": "G14", "name": "Bộ Tư pháp", "kind": "ministry"})
    assert r.status_code == 201
    assert r.json()["code"] == "G14"
    assert r.json()["name"] == "Bộ Tư pháp"
    await api.agency("000.00.00.H29", "UBND tỉnh Hải Dương")
    r = await api.call("GET", "/api/v1/agencies", api.admin)
    assert [a["code"] for a in r.json()] == ["000.00.00.H29", "G14"]


async def test_agency_code_must_be_unique_and_well_formed(api: Api) -> None:
    await api.agency("G14")
    r = await api.call("POST", "/api/v1/agencies", api.admin,
                       json={"code": "G14", "name": "Khác", "kind": "ministry"})
    assert r.status_code == 409
    assert r.json()["error"] == "conflict"
    assert "G14" in r.json()["message"]
    r = await api.call("POST", "/api/v1/agencies", api.admin,
                       json={"code": "bad code!", "name": "X", "kind": "ministry"})
    assert r.status_code == 400
    r = await api.call("POST", "/api/v1/agencies", api.admin,
                       json={"code": "G15", "name": "X", "kind": "planet"})
    assert r.status_code == 400
    assert r.json()["errors"][0]["path"] == "/kind"


async def test_agency_names_are_stored_nfc(api: Api) -> None:
    decomposed = "Bo\u0302\u0323 Tu\u031b pha\u0301p"  # "Bộ Tư pháp" in NFD
    r = await api.call("POST", "/api/v1/agencies", api.admin,
                       json={"code": "G14", "name": decomposed, "kind": "ministry"})
    assert r.status_code == 201
    assert r.json()["name"] == "Bộ Tư pháp"


async def test_only_admin_registers_agencies(api: Api) -> None:
    await api.agency("G14")
    designer = await api.make_key("designer", "G14")
    r = await api.call("POST", "/api/v1/agencies", designer,
                       json={"code": "G15", "name": "X", "kind": "ministry"})
    assert r.status_code == 403
    assert r.json()["error"] == "forbidden"


async def test_agency_key_sees_only_its_agency(api: Api) -> None:
    await api.agency("G14")
    await api.agency("G15")
    analyst = await api.make_key("analyst", "G14")
    r = await api.call("GET", "/api/v1/agencies", analyst)
    assert [a["code"] for a in r.json()] == ["G14"]
    national = await api.make_key("analyst")
    r = await api.call("GET", "/api/v1/agencies", national)
    assert [a["code"] for a in r.json()] == ["G14", "G15"]


async def test_key_is_shown_once_and_works(api: Api) -> None:
    await api.agency("G14")
    r = await api.call("POST", "/api/v1/api-keys", api.admin,
                       json={"agency": "G14", "role": "portal", "name": "Cổng DVC"})
    assert r.status_code == 201
    body = r.json()
    assert set(body) >= {"id", "key", "role", "agency"}
    assert body["key"].startswith("phk_") and body["role"] == "portal" and body["agency"] == "G14"
    listed = (await api.call("GET", "/api/v1/api-keys", api.admin)).json()
    assert all("key" not in item for item in listed)
    assert body["id"] in {item["id"] for item in listed}
    # the stored row holds only a digest
    from forms_service.keys.tables import ApiKey

    stored = await ApiKey.select().where(ApiKey.key_id == body["id"]).first().run()
    assert stored is not None and body["key"].split("_", 2)[2] not in str(stored)


async def test_missing_bad_and_revoked_keys_are_401(api: Api) -> None:
    await api.agency("G14")
    r = await api.call("GET", "/api/v1/agencies")
    assert r.status_code == 401 and "Authorization" in r.json()["message"]
    r = await api.call("GET", "/api/v1/agencies", "phk_nothing_here")
    assert r.status_code == 401
    r = await api.call("GET", "/api/v1/agencies", "not-a-key")
    assert r.status_code == 401
    key = await api.make_key("analyst", "G14")
    key_id = key.split("_")[1]
    assert (await api.call("GET", "/api/v1/agencies", key)).status_code == 200
    r = await api.call("DELETE", f"/api/v1/api-keys/{key_id}", api.admin)
    assert r.status_code == 200 and r.json()["revoked_at"] is not None
    r = await api.call("GET", "/api/v1/agencies", key)
    assert r.status_code == 401 and r.json()["error"] == "key_revoked"


async def test_key_rules(api: Api) -> None:
    await api.agency("G14")
    await api.agency("G15")
    r = await api.call("POST", "/api/v1/api-keys", api.admin, json={"role": "portal"})
    assert r.status_code == 400 and "agency" in r.json()["message"]
    r = await api.call("POST", "/api/v1/api-keys", api.admin,
                       json={"role": "admin", "agency": "G14"})
    assert r.status_code == 400
    r = await api.call("POST", "/api/v1/api-keys", api.admin,
                       json={"role": "portal", "agency": "NOPE"})
    assert r.status_code == 404
    designer = await api.make_key("designer", "G14")
    r = await api.call("POST", "/api/v1/api-keys", designer,
                       json={"role": "portal", "agency": "G14"})
    assert r.status_code == 201
    r = await api.call("POST", "/api/v1/api-keys", designer,
                       json={"role": "portal", "agency": "G15"})
    assert r.status_code == 403
    r = await api.call("POST", "/api/v1/api-keys", designer, json={"role": "admin"})
    assert r.status_code == 403
    analyst = await api.make_key("analyst", "G14")
    r = await api.call("POST", "/api/v1/api-keys", analyst,
                       json={"role": "analyst", "agency": "G14"})
    assert r.status_code == 403


async def test_error_messages_follow_the_requested_language(api: Api) -> None:
    r = await api.call("GET", "/api/v1/agencies", headers={"Accept-Language": "en"})
    assert r.status_code == 401
    english = r.json()["message"]
    r = await api.call("GET", "/api/v1/agencies")
    vietnamese = r.json()["message"]
    assert english != vietnamese
    assert "khóa" in vietnamese.lower() or "khoá" in vietnamese.lower()
    r = await api.call("GET", "/api/v1/agencies?locale=en")
    assert r.json()["message"] == english


async def test_health_and_openapi(api: Api) -> None:
    r = await api.call("GET", "/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    r = await api.call("GET", "/schema/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for path in ("/api/v1/agencies", "/api/v1/api-keys", "/api/v1/services",
                 "/api/v1/services/{code}/dossier-stats", "/api/v1/templates",
                 "/api/v1/templates/{name}", "/api/v1/forms", "/api/v1/forms/{slug}",
                 "/api/v1/forms/{slug}/draft", "/api/v1/forms/{slug}/publish",
                 "/api/v1/forms/{slug}/archive", "/api/v1/forms/{slug}/versions/{number}",
                 "/api/v1/responses"):
        assert path in paths, path
    r = await api.call("GET", "/schema")
    assert r.status_code == 200 and "html" in r.headers["content-type"]


async def test_unknown_route_and_method_are_json_4xx(api: Api) -> None:
    r = await api.call("GET", "/api/v1/nothing-here")
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    r = await api.call("PATCH", "/api/v1/agencies", api.admin)
    assert r.status_code == 405 and r.json()["error"] == "method_not_allowed"


async def test_malformed_json_and_oversized_bodies(api: Api) -> None:
    r = await api.call("POST", "/api/v1/agencies", api.admin, content=b"{not json",
                       headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "message" in r.json()
    big = {"code": "G14", "name": "x" * (300 * 1024), "kind": "ministry"}
    r = await api.call("POST", "/api/v1/agencies", api.admin, json=big)
    assert r.status_code == 413
    assert r.json()["error"] == "payload_too_large"
    r = await api.call("GET", "/api/v1/agencies", api.admin)
    assert r.json() == []
