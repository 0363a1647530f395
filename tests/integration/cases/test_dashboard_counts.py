"""The agency dashboard's case figures: open cases, overdue to acknowledge and to
respond, each a link to the inbox filtered so."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from forms_service.i18n import vietnam_today
from tests.integration.cases.setup import AGENCY, answer, province
from tests.integration.conftest import Api


def _figure(html: str, name: str) -> str:
    found = re.search(rf'id="{name}">([^<]*)<', html)
    assert found, name
    return found.group(1)


async def test_the_dashboard_counts_open_and_overdue_cases(api: Api, sign_in: Any) -> None:
    keys = await province(api)
    today = vietnam_today()
    past, later = today - dt.timedelta(days=3), today + dt.timedelta(days=3)
    cases = []
    for number, (state, acknowledge, respond) in enumerate((
            ("new", past, later),  # overdue to acknowledge
            ("acknowledged", past, past),  # overdue to respond
            ("new", later, later),  # not due yet
            ("closed", past, past))):  # closed: never overdue
        response = await answer(api, keys["portal"], f"HS-{number}", overall=1)
        [row] = await api.ctx.db.raw(
            "UPDATE feedback_case SET state = {}, acknowledge_due = {}, respond_due = {} "
            "WHERE response = {} RETURNING id", state, acknowledge, respond, response)
        cases.append(row["id"])
    analyst = await sign_in("analyst", AGENCY, locale="vi")
    r = await analyst.get("/dashboard")
    assert r.status_code == 200, r.text
    assert [_figure(r.text, n) for n in ("cases-open", "cases-overdue", "cases-ack-overdue",
                                         "cases-respond-overdue")] == ["3", "2", "1", "1"]
    assert 'href="/cases?overdue=yes"' in r.text
    assert 'href="/cases?overdue=yes&amp;state=new"' in r.text
    # the link leads to the overdue cases
    r = await analyst.get("/cases", params={"overdue": "yes"})
    shown = set(map(int, re.findall(r'href="/cases/(\d+)"', r.text)))
    assert shown == {cases[0], cases[1]}
    # the national office: every agency's, or the one chosen
    office = await sign_in("analyst", None, locale="en")
    r = await office.get("/dashboard", params={"agency": AGENCY})
    assert _figure(r.text, "cases-overdue") == "2"
    assert f'href="/cases?agency={AGENCY}&amp;overdue=yes"' in r.text
    other = await sign_in("analyst", "000.00.00.G14", locale="en")
    r = await other.get("/dashboard")
    assert _figure(r.text, "cases-open") == "0"
