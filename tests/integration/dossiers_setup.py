"""Set-up shared by the organisation and dossier tests: an agency's units, counters,
officers and integration key, and events to send."""

from __future__ import annotations

from typing import Any

from tests.integration.conftest import Api

AGENCY = "000.00.00.H29"
EVENTS = "/api/v1/dossier-events"


async def organisation(api: Api, designer: str, agency: str | None = None) -> None:
    """A service centre with two counters, a commune, two officers."""
    params = {"agency": agency} if agency else {}
    for body in ({"code": "TTHCC", "name": "Trung tâm Phục vụ hành chính công", "kind": "centre"},
                 {"code": "XA-AN", "name": "UBND xã An Bình", "kind": "commune"}):
        r = await api.call("POST", "/api/v1/units", designer, json=body, params=params)
        assert r.status_code == 201, r.text
    for body in ({"code": "Q01", "name": "Quầy 1", "unit": "TTHCC"},
                 {"code": "Q02", "name": "Quầy 2", "unit": "TTHCC"}):
        r = await api.call("POST", "/api/v1/counters", designer, json=body, params=params)
        assert r.status_code == 201, r.text
    for body in ({"code": "CB01", "name": "Nguyễn Văn An", "unit": "TTHCC"},
                 {"code": "CB02", "name": "Trần Thị Bình", "unit": "XA-AN"}):
        r = await api.call("POST", "/api/v1/officers", designer, json=body, params=params)
        assert r.status_code == 201, r.text


def event(event_id: str, dossier: str = "HS-1", **fields: Any) -> dict[str, Any]:
    """An event of dossier ``dossier``: received online unless ``fields`` say otherwise."""
    return {"system": "motcua", "event_id": event_id, "dossier": dossier,
            "service": "1.001193", "status": "received", "at": "2025-03-04T08:30:00+07:00",
            "channel": "in_person", **fields}


def lifecycle(dossier: str, *, returned: str = "2025-03-06T15:00:00+07:00",
              due: str = "2025-03-07T17:00:00+07:00", **fields: Any) -> list[dict[str, Any]]:
    """Received, processing and returned events of one dossier."""
    return [
        event(f"{dossier}-1", dossier, received_at="2025-03-04T08:30:00+07:00", due_at=due,
              **fields),
        event(f"{dossier}-2", dossier, status="processing", at="2025-03-05T09:00:00+07:00",
              **fields),
        event(f"{dossier}-3", dossier, status="returned", at=returned, **fields),
    ]


async def send(api: Api, key: str, events: list[dict[str, Any]], **kwargs: Any) -> Any:
    r = await api.call("POST", EVENTS, key, json={"events": events}, **kwargs)
    assert r.status_code == 200, r.text
    return r.json()


async def table(api: Api, sql: str) -> list[dict[str, Any]]:
    return await api.ctx.db.raw(sql)


DOSSIER_STATE = ("SELECT dossier_hash, service, channel, status, unit, counter, officer, "
                 "received_at, due_at, returned_at, on_time, submitted_by, last_event_at, "
                 "month, offered, opened, answered, satisfied FROM dossier ORDER BY dossier_hash")
MONTHS = "SELECT * FROM dossier_month WHERE returned <> 0 OR answered <> 0 ORDER BY id"
