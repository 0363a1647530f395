"""Digests: the figures of the period in each person's language, sent once whatever
the number of workers and rounds, delivered through a real SMTP server."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from forms_service.alerts.digests import digest_facts, latest_period, send_digests
from forms_service.alerts.immediate import send_case_alerts
from forms_service.context import Context
from tests.integration.alerts.test_case_alerts import deliver, person, smtp  # noqa: F401
from tests.integration.cases.setup import AGENCY, answer, province
from tests.integration.conftest import Api
from tests.integration.dossiers_setup import organisation

VIETNAM = dt.timezone(dt.timedelta(hours=7))
# Tuesday 8 December 2026, 07:30 in Vietnam: the daily digest covers Monday 7 December,
# the weekly one Monday 30 November to Sunday 6 December
NOW = dt.datetime(2026, 12, 8, 7, 30, tzinfo=VIETNAM)


async def _answered(api: Api, keys: dict[str, str], dossier: str, overall: int,
                    at: dt.datetime) -> int:
    response = await answer(api, keys["portal"], dossier, overall=overall)
    await api.ctx.db.raw("UPDATE response SET submitted_at = {} WHERE id = {}", at, response)
    await api.ctx.db.raw("UPDATE feedback_case SET opened_at = {}, acknowledge_due = {}, "
                         "respond_due = {} WHERE response = {}", at, dt.date(2026, 12, 7),
                         dt.date(2026, 12, 20), response)
    return response


async def _setting(api: Api, ctx: Context) -> dict[str, int]:
    keys = await province(api)
    monday = dt.datetime(2026, 12, 7, 10, tzinfo=VIETNAM)
    sunday = dt.datetime(2026, 12, 6, 10, tzinfo=VIETNAM)
    for number, (overall, at) in enumerate(((5, monday), (4, monday), (1, monday),
                                            (5, sunday), (5, sunday),
                                            (2, sunday - dt.timedelta(days=9)))):
        await _answered(api, keys, f"HS-{number}", overall, at)
    return {"vi": await person(ctx, "vi@hd.gov.vn", digest="daily"),
            "en": await person(ctx, "en@hd.gov.vn", locale="en", digest="daily",
                               case_alerts=True),
            "week": await person(ctx, "week@hd.gov.vn", role="designer", digest="weekly"),
            "none": await person(ctx, "none@hd.gov.vn", case_alerts=True)}


async def test_a_digest_has_the_figures_of_its_period_in_the_persons_language(
        api: Api, ctx: Context, smtp: tuple[str, Any]) -> None:  # noqa: F811
    url, inbox = smtp
    await _setting(api, ctx)
    await send_case_alerts(ctx)  # the case alerts of the answers, left out here
    await ctx.db.raw("DELETE FROM outbox_message")
    assert await send_digests(ctx, NOW) == 3
    assert await deliver(ctx, url) == {"sent": 3}
    by_address = {m["To"]: m for m in inbox.messages}
    assert set(by_address) == {"vi@hd.gov.vn", "en@hd.gov.vn", "week@hd.gov.vn"}
    vi = by_address["vi@hd.gov.vn"]
    assert vi["Subject"] == "Bản tin hằng ngày của UBND tỉnh Hải Dương: 07/12/2026"
    text = vi.get_body(("plain",)).get_content()
    assert text.startswith("Bản tin của UBND tỉnh Hải Dương, 07/12/2026 (giờ Việt Nam).")
    for line in ("Câu trả lời mới: 3",
                 "Hài lòng: 66,7% trên 3 câu trả lời đánh giá dịch vụ",
                 "Thay đổi so với kỳ trước: −33,3 điểm phần trăm (kỳ trước 100,0%)",
                 "Vụ việc mới mở: 1", "Vụ việc đang mở: 2", "Quá hạn tiếp nhận: 2",
                 "Quá hạn trả lời: 0", "http://127.0.0.1:8000/cases?overdue=yes"):
        assert line in text, line
    en = by_address["en@hd.gov.vn"].get_body(("plain",)).get_content()
    assert by_address["en@hd.gov.vn"]["Subject"] == (
        "Daily digest of UBND tỉnh Hải Dương: 07/12/2026")
    for line in ("New answers: 3", "Satisfied: 66.7% of 3 answers rating the service",
                 "Change against the period before: −33.3 points (then 100.0%)",
                 "Cases opened: 1", "Overdue to acknowledge: 2"):
        assert line in en, line
    week = by_address["week@hd.gov.vn"]
    assert week["Subject"] == ("Bản tin hằng tuần của UBND tỉnh Hải Dương: "
                               "30/11/2026 – 06/12/2026")
    text = week.get_body(("plain",)).get_content()
    for line in ("Câu trả lời mới: 2", "Hài lòng: 100,0% trên 2 câu trả lời đánh giá dịch vụ",
                 "Thay đổi so với kỳ trước: +100,0 điểm phần trăm (kỳ trước 0,0%)",
                 "Vụ việc mới mở: 0"):
        assert line in text, line
    html = week.get_body(("html",)).get_content()
    assert '<a href="http://127.0.0.1:8000/cases?overdue=yes">' in html


async def test_two_workers_and_many_rounds_send_each_digest_once(
        api: Api, ctx: Context) -> None:
    people = await _setting(api, ctx)
    counts = await asyncio.gather(send_digests(ctx, NOW), send_digests(ctx, NOW))
    assert sum(counts) == 3
    assert await send_digests(ctx, NOW + dt.timedelta(minutes=1)) == 0
    assert await send_digests(ctx, NOW + dt.timedelta(hours=12)) == 0
    rows = await ctx.db.raw("SELECT COUNT(*) AS n FROM outbox_message WHERE kind = 'digest'")
    assert rows[0]["n"] == 3
    sent = await ctx.db.raw("SELECT person, kind, period_start FROM alert_digest "
                            "ORDER BY person, kind")
    assert [(r["person"], r["kind"], str(r["period_start"])[:10]) for r in sent] == [
        (people["vi"], "daily", "2026-12-07"), (people["en"], "daily", "2026-12-07"),
        (people["week"], "weekly", "2026-11-30")]
    # the next morning: the next daily digests, no weekly one
    assert await send_digests(ctx, NOW + dt.timedelta(days=1)) == 2
    # days missed are not sent one by one: before 07:00 on Monday, Saturday's daily
    # digests (the latest due) and still nothing new for the week
    assert await send_digests(ctx, dt.datetime(2026, 12, 14, 6, 59, tzinfo=VIETNAM)) == 2
    assert await send_digests(ctx, dt.datetime(2026, 12, 14, 7, 0, tzinfo=VIETNAM)) == 3


async def test_a_unit_scope_counts_its_unit_and_the_units_below(
        api: Api, ctx: Context) -> None:
    keys = await province(api)
    await organisation(api, keys["designer"])
    r = await api.call("POST", "/api/v1/units", keys["designer"],
                       json={"code": "TO-1", "name": "Tổ một cửa", "parent": "TTHCC"})
    assert r.status_code == 201, r.text
    units = {row["code"]: row for row in await ctx.db.raw("SELECT id, code, name FROM unit")}
    monday = dt.datetime(2026, 12, 7, 10, tzinfo=VIETNAM)
    for number, (overall, unit) in enumerate(((5, "TTHCC"), (1, "TO-1"), (1, "XA-AN"),
                                              (4, None))):
        response = await _answered(api, keys, f"HS-U{number}", overall, monday)
        if unit:
            await ctx.db.raw("UPDATE response SET unit = {} WHERE id = {}",
                             units[unit]["id"], response)
    [agency] = await ctx.db.raw("SELECT id, name FROM agency WHERE code = {}", AGENCY)
    period = latest_period("daily", NOW)
    centre = await digest_facts(ctx, agency, units["TTHCC"], period, NOW.date())
    assert (centre.answers, centre.rated, centre.satisfied, centre.opened) == (2, 2, 1, 1)
    assert centre.scope == "Trung tâm Phục vụ hành chính công (TTHCC)"
    assert centre.overdue_link.endswith("/cases?overdue=yes&unit=TTHCC")
    commune = await digest_facts(ctx, agency, units["XA-AN"], period, NOW.date())
    assert (commune.answers, commune.opened) == (1, 1)
    whole = await digest_facts(ctx, agency, None, period, NOW.date())
    assert (whole.answers, whole.satisfied, whole.opened, whole.scope) == (4, 2, 2, None)
