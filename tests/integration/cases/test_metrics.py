"""The case-handling report: working days to acknowledge and respond (median, 90th
percentile), resolved and overdue shares, per unit or service and period."""

from __future__ import annotations

import datetime as dt

from tests.integration.cases.setup import AGENCY, answer, province
from tests.integration.conftest import Api
from tests.integration.dossiers_setup import organisation

VN = dt.timezone(dt.timedelta(hours=7))
REPORT = "/api/v1/analytics/case-handling"


def _at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=VN)


async def _case(api: Api, portal: str, dossier: str, unit: str, opened: str,
                acknowledged: str | None, responded: str | None,
                outcome: str | None, due: tuple[str, str]) -> None:
    response = await answer(api, portal, dossier, overall=1)
    [unit_row] = await api.ctx.db.raw("SELECT id FROM unit WHERE code = {}", unit)
    await api.ctx.db.raw("UPDATE response SET unit = {} WHERE id = {}", unit_row["id"], response)
    state = "closed" if outcome else "responded" if responded else (
        "acknowledged" if acknowledged else "new")
    await api.ctx.db.raw(
        "UPDATE feedback_case SET opened_at = {}, acknowledged_at = {}, responded_at = {}, "
        "closed_at = {}, state = {}, outcome = {}, acknowledge_due = {}, respond_due = {} "
        "WHERE response = {}", _at(opened), acknowledged and _at(acknowledged),
        responded and _at(responded), responded and outcome and _at(responded), state, outcome,
        dt.date.fromisoformat(due[0]), dt.date.fromisoformat(due[1]), response)


async def test_times_in_working_days_and_shares_per_unit(api: Api) -> None:
    keys = await province(api)
    await organisation(api, keys["designer"])
    p = keys["portal"]
    # opened the day before Tết 2027: acknowledged after it (2 working days), answered
    # on 24 February (10 working days), on time
    await _case(api, p, "HS-1", "TTHCC", "2027-02-03", "2027-02-12", "2027-02-24", "resolved",
                ("2027-02-12", "2027-02-24"))
    # Monday 1 March: acknowledged on Tuesday (1), answered on Friday 12 (9), late to
    # acknowledge (due Monday itself), not resolvable
    await _case(api, p, "HS-2", "TTHCC", "2027-03-01", "2027-03-02", "2027-03-12",
                "not_resolvable", ("2027-03-01", "2027-03-15"))
    # Monday 2 November 2026: acknowledged the same day (0), never answered, and its
    # deadline (16 November) has passed
    await _case(api, p, "HS-3", "TTHCC", "2026-11-02", "2026-11-02", None, None,
                ("2026-11-04", "2026-11-16"))
    # another unit: one case, closed as a duplicate the day it opened
    await _case(api, p, "HS-4", "XA-AN", "2027-03-01", None, "2027-03-01", "duplicate",
                ("2027-03-03", "2027-03-15"))
    r = await api.call("GET", REPORT, keys["analyst"], params={"group_by": "unit",
                                                                "locale": "vi"})
    assert r.status_code == 200, r.text
    rows = {row["key"]: row for row in r.json()["rows"]}
    centre = rows["TTHCC"]
    assert centre["cases"] == 3 and centre["acknowledged"] == 3
    assert centre["acknowledge_median_days"] == 1.0
    assert centre["acknowledge_p90_days"] == 1.8  # numpy/R type 7 of [0, 1, 2]
    assert centre["responded"] == 2
    assert centre["respond_median_days"] == 9.5 and centre["respond_p90_days"] == 9.9
    assert centre["closed"] == 2 and centre["resolved"] == 1
    assert centre["resolved_share"] == 0.5
    assert centre["overdue"] == 2 and abs(centre["overdue_share"] - 2 / 3) < 1e-9
    assert centre["overdue_share_text"] == "66,7%"
    commune = rows["XA-AN"]
    assert commune["cases"] == 1 and commune["resolved_share"] is None
    assert commune["overdue"] == 0
    # by service and quarter; a period keeps only the cases opened in it
    r = await api.call("GET", REPORT, keys["analyst"], params={"group_by": "service,month"})
    assert sorted((row["period"], row["cases"]) for row in r.json()["rows"]) == [
        ("2026-11", 1), ("2027-02", 1), ("2027-03", 2)]
    r = await api.call("GET", REPORT, keys["analyst"], params={"period": "2027-02"})
    assert [row["cases"] for row in r.json()["rows"]] == [1]
    r = await api.call("GET", REPORT, keys["analyst"], params={"group_by": "officer"})
    assert r.status_code == 400, r.text
    r = await api.call("GET", "/api/v1/exports/case-handling", keys["analyst"],
                       params={"format": "csv"})
    assert r.status_code == 200 and "TTHCC" in r.text, r.text[:300]
    other = await api.make_key("analyst", None)
    r = await api.call("GET", REPORT, other, params={"agency": AGENCY})
    assert r.status_code == 200 and len(r.json()["rows"]) == 2


async def _followed(api: Api, portal: str, dossier: str, unit: str, asked: bool,
                    said: str | None) -> None:
    response = await answer(api, portal, dossier, overall=1)
    [unit_row] = await api.ctx.db.raw("SELECT id FROM unit WHERE code = {}", unit)
    await api.ctx.db.raw("UPDATE response SET unit = {} WHERE id = {}", unit_row["id"], response)
    [case] = await api.ctx.db.raw("SELECT id FROM feedback_case WHERE response = {}", response)
    now = dt.datetime.now(dt.UTC)
    await api.ctx.db.raw(
        "INSERT INTO case_reply (\"case\", text, locale, channel, actor, at, answer, "
        "answered_at) VALUES ({}, 'Trả lời', 'vi', {}, 'test', {}, {}, {})", case["id"],
        "email" if asked else None, now, said, now if said else None)
    await api.ctx.db.raw("UPDATE feedback_case SET follow_up = {}, follow_up_at = {} "
                         "WHERE id = {}", said, now if said else None, case["id"])


async def test_follow_up_asked_answered_and_solved_with_its_interval(api: Api) -> None:
    keys = await province(api)
    await organisation(api, keys["designer"])
    p = keys["portal"]
    # the centre: four asked (two solved, one partly, one not answered), one without a
    # contact (its reply recorded only); the commune: one asked, not solved
    for dossier, asked, said in (("F-1", True, "solved"), ("F-2", True, "solved"),
                                 ("F-3", True, "partly"), ("F-4", True, None),
                                 ("F-5", False, None)):
        await _followed(api, p, dossier, "TTHCC", asked, said)
    await _followed(api, p, "F-6", "XA-AN", True, "not_solved")
    # a reply the mail server refused for good asked nothing
    await _followed(api, p, "F-7", "XA-AN", True, None)
    await api.ctx.db.raw("UPDATE case_reply SET message_key = 'reply-refused' WHERE id = "
                         "(SELECT MAX(id) FROM case_reply)")
    await api.ctx.db.raw("INSERT INTO outbox_message (kind, channel, idempotency_key, status, "
                         "attempts, due_ms) VALUES ('case_reply', 'email', 'reply-refused', "
                         "'failed', 1, 0)")
    r = await api.call("GET", REPORT, keys["analyst"], params={"group_by": "unit",
                                                                "locale": "vi"})
    assert r.status_code == 200, r.text
    rows = {row["key"]: row for row in r.json()["rows"]}
    centre = rows["TTHCC"]
    assert (centre["cases"], centre["follow_up_asked"], centre["follow_up_answered"],
            centre["follow_up_solved"], centre["follow_up_partly"]) == (5, 4, 3, 2, 1)
    assert abs(centre["follow_up_solved_share"] - 2 / 3) < 1e-12
    # Wilson 95% interval of 2 of 3, from the score formula (statsmodels
    # proportion_confint(2, 3, method="wilson") gives the same 0.20766, 0.93851)
    assert abs(centre["follow_up_ci_low"] - 0.2076596) < 1e-6
    assert abs(centre["follow_up_ci_high"] - 0.9385081) < 1e-6
    assert centre["follow_up_solved_share_text"] == "66,7%"
    assert centre["follow_up_ci_text"] == "20,8% – 93,9%"
    commune = rows["XA-AN"]
    assert (commune["cases"], commune["follow_up_asked"], commune["follow_up_answered"],
            commune["follow_up_solved"]) == (2, 1, 1, 0)
    assert commune["follow_up_solved_share"] == 0.0 and commune["follow_up_ci_low"] == 0.0
    assert abs(commune["follow_up_ci_high"] - 0.7934507) < 1e-6  # z² / (1 + z²)
    r = await api.call("GET", "/api/v1/exports/case-handling", keys["analyst"],
                       params={"format": "csv", "locale": "en"})
    assert r.status_code == 200 and "Solved share (follow-up)" in r.text, r.text[:500]
