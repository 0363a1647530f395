"""A nomination round's fixture: the collection tests' ministries and provinces,
and the services, dossier figures and satisfaction answers of two of them
(Hải Dương and Bộ Tư pháp) for this year, so that the excellence report has
candidates to offer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from forms_service.i18n import local_month
from tests.integration.collections.setup import Evaluation, evaluation, in_days
from tests.integration.conftest import Api
from tests.integration.reports_setup import ratings, submit

BASE = "/api/v1/nomination-rounds"
YEAR = int(local_month(dt.datetime.now(dt.UTC))[:4])  # answers are stored this year
H29, G14 = "000.00.00.H29", "G14"
# Hải Dương: six full-online citizen services (online 900 … 400), one partial, six business
CITIZEN = [f"1.00000{i}" for i in range(1, 7)]
PARTIAL = "1.000009"
BUSINESS = [f"2.00000{i}" for i in range(1, 7)]
MINISTRY = ["3.000001", "3.000002"]  # Bộ Tư pháp's services (one for businesses)


async def stats(api: Api, key: str, code: str, online: int, total: int, period: str = "Q1",
                **extra: Any) -> None:
    body = {"period": f"{YEAR}-{period}", "online_dossiers": online, "total_dossiers": total,
            "self_submitted_dossiers": 0, **extra}
    r = await api.call("POST", f"/api/v1/services/{code}/dossier-stats", key, json=body)
    assert r.status_code in (200, 201), r.text


async def nomination_fixture(api: Api) -> Evaluation:
    ev = await evaluation(api)
    designer = ev.key(H29)
    for index, code in enumerate(CITIZEN):
        await api.service(designer, code)
        await stats(api, designer, code, 900 - index * 100, 1000)
    await stats(api, designer, CITIZEN[0], 10, 10, "Q2", savings_note="Giảm 2 ngày đi lại",
                cost_saving_vnd=50000)
    await api.service(designer, PARTIAL, delivery="partial_online")
    await stats(api, designer, PARTIAL, 5000, 6000)
    for index, code in enumerate(BUSINESS):
        await api.service(designer, code, audience="business")
        await stats(api, designer, code, 300 - index * 40, 400)
    await api.published_form(designer, "hai-long", template="quick-rating")
    await submit(api, ev.key(H29, "portal"), "hai-long", CITIZEN[0], ratings(30, 0))
    await submit(api, ev.key(H29, "portal"), "hai-long", BUSINESS[0], ratings(20, 10))
    ministry = ev.key(G14)
    await api.service(ministry, MINISTRY[0])
    await stats(api, ministry, MINISTRY[0], 2000, 2100)
    await api.service(ministry, MINISTRY[1], audience="business")
    await stats(api, ministry, MINISTRY[1], 150, 200)
    return ev


async def make_round(api: Api, key: str, **changes: Any) -> Any:
    body = {"year": YEAR, "deadline": in_days(10), "agencies": "all",
            "contact": "Cục Chuyển đổi số quốc gia, 024 3943 7216"} | changes
    return await api.call("POST", BASE, key, json=body)


def pick(code: str, **extra: Any) -> dict[str, Any]:
    return {"service": code, **extra}
