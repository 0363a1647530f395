"""Demo data of nomination rounds: the national office's 2025 round of excellent
full-online services (seed 000), replayed through the service's own steps.

The demo province nominates the services its excellence report suggests,
with their savings, and is accepted; Bộ Tư pháp nominates two services and
is accepted; UBND tỉnh Hà Nam submits late and waits for review. The office
honours the demo province's two best citizen services and its best business
service and Bộ Tư pháp's, and publishes the honour list
(``/public/honours/2025``). The other agencies' figures are recorded for
2025 here (dossiers and savings; they have no survey answers, so their
satisfaction verdict is "insufficient data").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from forms_service.auth import Principal, Role
from forms_service.catalogue.service import create_service, record_dossier_stats
from forms_service.collections.nomination_office import mark_honour, publish
from forms_service.collections.nominations import (
    candidates,
    create_round,
    save_nominations,
    submit_nominations,
)
from forms_service.collections.replies import take_step
from forms_service.context import Context
from forms_service.i18n import VIETNAM

__all__ = ["YEAR", "seed_nomination_demo"]

YEAR = 2025
TITLE = "Đề xuất dịch vụ công trực tuyến xuất sắc năm 2025"
CONTACT = ("Cục Chuyển đổi số quốc gia, Bộ Khoa học và Công nghệ, "
           "điện thoại 024 3943 7216")
START = dt.datetime(2026, 7, 15, 9, 0, tzinfo=VIETNAM)
DEADLINE = "2026-08-31"
# other agencies' services: (agency, code, name, audience, online per quarter, total, savings)
OTHERS: tuple[tuple[str, str, str, str, int, int, str | None], ...] = (
    ("G14", "2.001417", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", "citizen", 41000,
     52000, "Nhận phiếu qua bưu chính, không phải đến trụ sở"),
    ("G14", "1.008926", "Đăng ký giao dịch bảo đảm", "business", 9800, 11000,
     "Giảm thời gian giải quyết từ 3 ngày xuống trong ngày"),
    ("000.00.00.H26", "1.001022.000.00.00.H26", "Đăng ký khai tử", "citizen", 1900, 2600, None),
    ("000.00.00.H26", "1.001612.000.00.00.H26", "Cấp giấy phép hoạt động in", "business", 120,
     180, None),
)
# what the agencies say each nominated service saves, by position in its list
SAVINGS = ((30000, 16.0, None, "Không phải đến trụ sở, nhận kết quả qua bưu chính"),
           (20000, None, 1.0, "Giảm một ngày đi lại"),
           (15000, 4.0, None, None), (None, None, 0.5, None), (None, 2.0, None, None))


def _at(days: float) -> dt.datetime:
    return (START + dt.timedelta(days=days)).astimezone(dt.UTC)


async def _other_services(ctx: Context) -> None:
    admin = Principal(key_id="demo", role=Role.ADMIN, agency_id=None, agency_code=None)
    for agency, code, name, audience, online, total, note in OTHERS:
        await create_service(ctx, admin, code=code, name=name, agency=agency,
                             audience=audience, delivery="full_online")
        for quarter in range(1, 5):
            await record_dossier_stats(
                ctx, admin, code, agency=agency, period=f"{YEAR}-Q{quarter}",
                online_dossiers=online + quarter * online // 20,
                total_dossiers=total + quarter * total // 20,
                self_submitted_dossiers=online // 5,
                savings_note=note if quarter == 1 else None,
                cost_saving_vnd=25000 * online if note and quarter == 1 else None)


async def _nominate(ctx: Context, who: Principal, cid: int, agency: str, *, days: float,
                    limit: int = 5) -> dict[str, list[str]]:
    """Save the report's suggestions with savings, then submit; the services
    nominated for each audience."""
    offered = [c for c in await candidates(ctx, agency, YEAR) if c["suggested"]]
    items: list[dict[str, Any]] = []
    picked: dict[str, list[str]] = {}
    for audience in ("citizen", "business"):
        chosen = [c for c in offered if c["audience"] == audience][:limit]
        picked[audience] = [c["service"] for c in chosen]
        for position, candidate in enumerate(chosen):
            cost, hours, days_saved, note = SAVINGS[position]
            items.append({"service": candidate["service"], "cost_saving_vnd": cost,
                          "time_saving_hours": hours, "time_saving_days": days_saved,
                          "note": note})
    half = items[: max(1, len(items) // 2)]
    await save_nominations(ctx, who, cid, agency, half, None, now=_at(days))
    await save_nominations(ctx, who, cid, agency, items, None, now=_at(days + 1.2))
    await submit_nominations(ctx, who, cid, agency, now=_at(days + 2))
    return picked


async def seed_nomination_demo(ctx: Context, *, office_person: int, own_agency: str,
                               own_person: int) -> int:
    """Replay the 2025 round; its id."""
    await _other_services(ctx)
    office = Principal(key_id=f"person:{office_person}", role=Role.ANALYST, agency_id=None,
                       agency_code=None)
    created = await create_round(ctx, office, {
        "year": YEAR, "title": TITLE, "agencies": "all", "deadline": DEADLINE,
        "contact": CONTACT, "reminders": {"before_days": [7, 2], "after_every_days": None}},
        now=_at(0))
    cid = int(created["id"])
    rows = {row["code"]: row for row in await ctx.db.raw(
        "SELECT id, code FROM agency WHERE code IN ({}, {}, {})", own_agency, "G14",
        "000.00.00.H26")}

    def person(code: str, key: str) -> Principal:
        return Principal(key_id=key, role=Role.DESIGNER, agency_id=rows[code]["id"],
                         agency_code=code)

    own = await _nominate(ctx, person(own_agency, f"person:{own_person}"), cid, own_agency,
                          days=20)
    ministry = await _nominate(ctx, person("G14", "demo-G14"), cid, "G14", days=38)
    await _nominate(ctx, person("000.00.00.H26", "demo-000.00.00.H26"), cid, "000.00.00.H26",
                    days=47)  # after the deadline: late, waiting for review
    await take_step(ctx, office, cid, own_agency, "accept", now=_at(52))
    await take_step(ctx, office, cid, "G14", "accept", now=_at(53))
    for code in own["citizen"][:2] + own["business"][:1]:
        await mark_honour(ctx, office, cid, own_agency, code, True, now=_at(55))
    for code in ministry["citizen"][:1]:
        await mark_honour(ctx, office, cid, "G14", code, True, now=_at(55))
    await publish(ctx, office, cid, True, now=_at(57))
    return cid

