from tests.integration.conftest import Api


async def test_quick(api: Api, province: dict[str, str]) -> None:
    key = await api.make_key("integration", "000.00.00.H29")
    ev = {"system": "mc", "event_id": "e1", "dossier": "HS-1", "service": "1.001193",
          "status": "received", "at": "2025-03-04T08:30:00+07:00", "channel": "online",
          "due_at": "2025-03-07T17:00:00+07:00", "submitted_by": "self"}
    ev2 = {**ev, "event_id": "e2", "status": "returned", "at": "2025-03-06T10:00:00+07:00"}
    r = await api.call("POST", "/api/v1/dossier-events", key, json={"events": [ev, ev2, {"x": 1}]})
    print(r.json())
    assert r.status_code == 200
    r = await api.call("POST", "/api/v1/dossier-events", key, json={"events": [ev2, ev]})
    print(r.json())
    rows = await api.ctx.db.raw("SELECT * FROM dossier")
    print(rows)
    print(await api.ctx.db.raw("SELECT * FROM dossier_month"))
    assert 0
