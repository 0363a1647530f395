"""Dossiers returned and answers linked to them, for the weighted estimates.

March 2025, agency H29. Service A (1.001193, citizens): 30 dossiers returned at
the counter, 6 answered, 3 satisfied; 10 returned online, all answered and
satisfied. Service B (2.001610, businesses): 20 returned at the counter, 10
answered, 5 satisfied.
"""

from __future__ import annotations

from tests.integration.conftest import Api
from tests.integration.dossiers_setup import AGENCY, lifecycle, send

A, B = "1.001193", "2.001610"


async def _answer(api: Api, portal: str, service: str, dossier: str, overall: int) -> None:
    r = await api.call("POST", "/api/v1/responses", portal, json={
        "form": "hai-long", "service": service, "dossier": dossier,
        "answers": {"overall": overall}})
    assert r.status_code == 201, r.text


async def served_province(api: Api, province: dict[str, str]) -> dict[str, str]:
    """March 2025. Service A (citizens): 30 dossiers returned at the counter, 6 answered,
    3 satisfied; 10 returned online, all answered and satisfied. Service B (businesses):
    20 returned at the counter, 10 answered, 5 satisfied."""
    await api.service(province["designer"], B, audience="business")
    key = await api.make_key("integration", AGENCY)
    events = []
    for i in range(30):
        events += lifecycle(f"HS-Q-{i}")
    for i in range(10):
        events += lifecycle(f"HS-O-{i}", channel="online")
    for i in range(20):
        events += lifecycle(f"HS-B-{i}", service=B)
    await send(api, key, events)
    for i in range(6):
        await _answer(api, province["portal"], A, f"HS-Q-{i}", 3 if i < 3 else 1)
    for i in range(10):
        await _answer(api, province["portal"], A, f"HS-O-{i}", 3)
        await _answer(api, province["portal"], B, f"HS-B-{i}", 3 if i < 5 else 1)
    return province
