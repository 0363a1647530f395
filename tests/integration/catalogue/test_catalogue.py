"""Services and dossier statistics through HTTP."""

from __future__ import annotations

from tests.integration.conftest import Api


async def test_designer_registers_and_lists_services(api: Api) -> None:
    await api.agency("000.00.00.H29")
    designer = await api.make_key("designer", "000.00.00.H29")
    r = await api.call("POST", "/api/v1/services", designer, json={
        "code": "2.000815.000.00.00.H55", "name": "Cấp phiếu lý lịch tư pháp",
        "audience": "citizen", "delivery": "full_online"})
    assert r.status_code == 201, r.text
    assert r.json()["agency"] == "000.00.00.H29"
    await api.service(designer, "1.001193", audience="business", delivery="partial_online")
    r = await api.call("GET", "/api/v1/services", designer)
    assert [s["code"] for s in r.json()] == ["1.001193", "2.000815.000.00.00.H55"]
    r = await api.call("GET", "/api/v1/services/1.001193", designer)
    assert r.json()["audience"] == "business"


async def test_same_procedure_code_in_two_provinces(api: Api) -> None:
    await api.agency("H29")
    await api.agency("H30")
    a = await api.make_key("designer", "H29")
    b = await api.make_key("designer", "H30")
    await api.service(a, "1.001193")
    await api.service(b, "1.001193")
    r = await api.call("POST", "/api/v1/services", a, json={
        "code": "1.001193", "name": "Again", "audience": "citizen", "delivery": "full_online"})
    assert r.status_code == 409
    r = await api.call("GET", "/api/v1/services/1.001193", api.admin)
    assert r.status_code == 400 and "agency" in r.json()["message"]
    r = await api.call("GET", "/api/v1/services/1.001193?agency=H30", api.admin)
    assert r.json()["agency"] == "H30"


async def test_services_are_private_to_the_agency(api: Api) -> None:
    await api.agency("H29")
    await api.agency("H30")
    a = await api.make_key("designer", "H29")
    b_analyst = await api.make_key("analyst", "H30")
    await api.service(a, "1.001193")
    r = await api.call("GET", "/api/v1/services?agency=H29", b_analyst)
    assert r.status_code == 403
    r = await api.call("GET", "/api/v1/services", b_analyst)
    assert r.json() == []
    r = await api.call("POST", "/api/v1/services", b_analyst, json={
        "code": "1.2", "name": "X", "audience": "citizen", "delivery": "full_online",
        "agency": "H29"})
    assert r.status_code == 403
    b_designer = await api.make_key("designer", "H30")
    r = await api.call("POST", "/api/v1/services", b_designer, json={
        "code": "1.2", "name": "X", "audience": "citizen", "delivery": "full_online",
        "agency": "H29"})
    assert r.status_code == 403


async def test_bad_service_fields(api: Api) -> None:
    await api.agency("H29")
    d = await api.make_key("designer", "H29")
    r = await api.call("POST", "/api/v1/services", d, json={
        "code": "1.001193", "name": "X", "audience": "robots", "delivery": "full_online"})
    assert r.status_code == 400 and r.json()["errors"][0]["path"] == "/audience"
    r = await api.call("POST", "/api/v1/services", d, json={
        "code": "1 001 193", "name": "X", "audience": "citizen", "delivery": "full_online"})
    assert r.status_code == 400 and "1.001193" in r.json()["message"]


async def test_dossier_stats_upsert_per_period(api: Api) -> None:
    await api.agency("H29")
    d = await api.make_key("designer", "H29")
    await api.service(d, "1.001193")
    path = "/api/v1/services/1.001193/dossier-stats"
    body = {"period": "2023-Q3", "online_dossiers": 450, "total_dossiers": 1000,
            "self_submitted_dossiers": 82, "time_saving_hours": 2.5}
    r = await api.call("POST", path, d, json=body)
    assert r.status_code == 201, r.text
    assert r.json()["online_dossiers"] == 450 and r.json()["period"] == "2023-Q3"
    r = await api.call("POST", path, d, json=body | {"online_dossiers": 500})
    assert r.status_code == 200 and r.json()["online_dossiers"] == 500
    r = await api.call("POST", path, d, json=body | {"period": "2023-07"})
    assert r.status_code == 201
    from forms_service.catalogue.tables import DossierStat

    assert await DossierStat.count().run() == 2


async def test_dossier_stats_refuse_impossible_counts(api: Api) -> None:
    await api.agency("H29")
    d = await api.make_key("designer", "H29")
    await api.service(d, "1.001193")
    path = "/api/v1/services/1.001193/dossier-stats"
    ok = {"period": "2023-Q3", "online_dossiers": 10, "total_dossiers": 20,
          "self_submitted_dossiers": 5}
    for bad, word in [({"online_dossiers": 30}, "total_dossiers"),
                      ({"self_submitted_dossiers": 11}, "online_dossiers"),
                      ({"period": "2023-Q5"}, "2023-Q3"),
                      ({"period": "23-07"}, "2023-07")]:
        r = await api.call("POST", path, d, json=ok | bad)
        assert r.status_code == 400, (bad, r.text)
        assert word in r.json()["message"]
    r = await api.call("POST", path, d, json=ok | {"online_dossiers": -1})
    assert r.status_code == 400
    r = await api.call("POST", "/api/v1/services/9.999/dossier-stats", d, json=ok)
    assert r.status_code == 404
