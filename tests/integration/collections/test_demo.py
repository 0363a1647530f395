"""The demo's collection: the agency questionnaire sent to the 83 agencies of the
national evaluation, replayed through the service's own steps."""

from __future__ import annotations

import json
from typing import Any

from forms_service.accounts.service import create_person
from forms_service.agencies.service import create_agency
from forms_service.collections.demo import seed_collection_demo
from forms_service.collections.reminders import send_collection_reminders
from forms_service.context import Context
from forms_service.reports.demo import QUALITY_SCORES, appendix_agencies
from tests.integration.collections.setup import ANSWERS
from tests.integration.conftest import Api

OWN = "000.00.00.H29"


async def test_the_demo_collection_has_every_state_and_the_ten_units_not_sent(
        api: Api, ctx: Context) -> None:
    for code, name, kind, _ in appendix_agencies(
            json.loads(QUALITY_SCORES.read_text(encoding="utf-8"))):
        await create_agency(ctx, None, code=code, name=name, kind=kind)
    designer = await api.make_key("designer", OWN)
    await api.published_form(designer, "demo-agency-communication",
                             template="agency-communication", access="open")
    office = await create_person(ctx, email="office@demo.test", name="Văn phòng",
                                 role="analyst", agency_code=None, password=None)
    own = await create_person(ctx, email="designer@demo.test", name="Người thiết kế",
                              role="designer", agency_code=OWN, password=None)

    def answers(rng: Any) -> dict[str, Any]:
        return ANSWERS | {"staff": rng.randint(1, 9)}

    cid = await seed_collection_demo(ctx, form="demo-agency-communication",
                                     office_person=office["id"], answers=answers,
                                     own_agency=OWN, own_person=own["id"])
    r = await api.call("GET", f"/api/v1/collections/{cid}/status", api.admin)
    body = r.json()
    states = [a["state"] for a in body["agencies"]]
    assert len(states) == 83
    assert {s: states.count(s) for s in set(states)} == {
        "accepted": 49, "submitted": 15, "changes_requested": 9, "not_started": 10}
    not_started = [a["name"] for a in body["agencies"] if a["state"] == "not_started"]
    assert not_started[:3] == ["Bộ Công an", "Bộ Giáo dục và Đào tạo", "Bộ Xây dựng"]
    # the ten of seed 001's footnote, in a letter's order
    assert body["not_sent_sentence"] == (
        "Các đơn vị chưa gửi: Bộ Công an; Bộ Giáo dục và Đào tạo; Bộ Xây dựng; Bình Dương; "
        "Đắk Nông; Nam Định; Phú Yên; Thanh Hóa; TP. Hà Nội; TP. Hồ Chí Minh.")
    assert any(a["late"] for a in body["agencies"])
    [province] = [a for a in body["agencies"] if a["agency"] == OWN]
    assert province["state"] == "accepted" and province["reminders_sent"] == 0
    reply = (await api.call("GET", f"/api/v1/collections/{cid}/replies/{OWN}",
                            api.admin)).json()
    assert {h["by"] for h in reply["history"]} == {"Người thiết kế", "Văn phòng"}
    # its schedule is over: the running service sends nothing more
    assert await send_collection_reminders(ctx) == 0
    assert await ctx.db.raw("SELECT id FROM outbox_message") == []
