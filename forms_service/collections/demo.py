"""Demo data of collections: the national office's 2023 agency questionnaire
(seed 002, due 30/11/2023) sent to the 83 ministries and provinces of the
demo's national evaluation, replayed day by day through the service's own
steps: most accepted (some after a round of changes), some submitted and
waiting for review, some asked for changes, and the ten units seed 001's
footnote names as not having sent, which the tracking page's sentence lists.
The reminders of its schedule are replayed at their dates too (they reach
nobody but the demo province's people, who answered before the first one).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Awaitable, Callable
from typing import Any

from forms_service.auth import Principal, Role
from forms_service.collections.order import short_name, sort_agencies
from forms_service.collections.reminders import send_collection_reminders
from forms_service.collections.replies import save_draft, take_step
from forms_service.collections.schedule import parse_deadline, parse_schedule
from forms_service.collections.service import create_collection
from forms_service.context import Context
from forms_service.i18n import VIETNAM

__all__ = ["NOT_SENT", "TITLE", "seed_collection_demo"]

TITLE = "Phiếu khảo sát về công tác truyền thông dịch vụ công trực tuyến năm 2023"
DEADLINE = "2023-11-30"
CONTACT = ("Trung tâm Chuyển đổi số quốc gia, Cục Chuyển đổi số quốc gia, "
           "điện thoại 024 3943 7216")
# the units seed 001's footnote names as not having sent
NOT_SENT = ("Bộ Giáo dục và Đào tạo", "Bộ Xây dựng", "Bộ Công an", "Bình Dương", "Đắk Nông",
            "Nam Định", "Phú Yên", "Thanh Hóa", "TP. Hồ Chí Minh", "TP. Hà Nội")
CHANGES = ("Đề nghị bổ sung số cán bộ làm công tác truyền thông và kinh phí đã bố trí năm 2023.",
           "Đề nghị nêu cụ thể các khó khăn, vướng mắc và đề xuất giải pháp.",
           "Đề nghị rà soát lại các kênh truyền thông đã sử dụng trong năm.")
# how many of the others end in each state (the rest are accepted)
ENDS = {"submitted": 15, "changes_requested": 9}
START = dt.datetime(2023, 11, 1, 9, 0, tzinfo=VIETNAM)

Step = tuple[dt.datetime, int, Callable[[], Awaitable[Any]]]


async def seed_collection_demo(ctx: Context, *, form: str, office_person: int,
                               answers: Callable[[random.Random], dict[str, Any]],
                               own_agency: str, own_person: int, seed: int = 2023) -> int:
    """Replay the collection; its id. ``answers(rng)`` gives one agency's answers."""
    rng = random.Random(seed)
    office = Principal(key_id=f"person:{office_person}", role=Role.ANALYST, agency_id=None,
                       agency_code=None)
    rows = await ctx.db.raw("SELECT id, code, name, kind FROM agency WHERE kind IN "
                            "('ministry', 'province')")
    agencies = sort_agencies(rows)
    created = await create_collection(ctx, office, {
        "title": TITLE, "form": form, "agencies": "all", "deadline": DEADLINE,
        "contact": CONTACT, "reminders": {"before_days": [7, 2], "after_every_days": 7}},
        now=START)
    cid = int(created["id"])
    deadline = parse_deadline(DEADLINE)
    others = [a for a in agencies if short_name(a["name"], a["kind"]) not in NOT_SENT]
    rng.shuffle(others)
    others.sort(key=lambda a: a["code"] != own_agency)  # the demo province answers first
    ends = ["accepted"] + [state for state, n in ENDS.items() for _ in range(n)]
    ends += ["accepted"] * (len(others) - len(ends))
    steps: list[Step] = []
    for order, (agency, end) in enumerate(zip(others, ends, strict=True)):
        who = (f"person:{own_person}" if agency["code"] == own_agency
               else f"demo-{agency['code']}")
        steps += _timeline(ctx, cid, agency, end, order, who, office, answers(rng), rng,
                           deadline)
    for moment in parse_schedule({"before_days": [7, 2], "after_every_days": 7}).moments(
            deadline):
        steps.append((moment, len(steps), _sweep(ctx, moment)))
    for _, _, run in sorted(steps, key=lambda step: (step[0], step[1])):
        await run()
    return cid


def _sweep(ctx: Context, moment: dt.datetime) -> Callable[[], Awaitable[Any]]:
    return lambda: send_collection_reminders(ctx, moment)


def _timeline(ctx: Context, cid: int, agency: dict[str, Any], end: str, order: int, who: str,
              office: Principal, answers: dict[str, Any], rng: random.Random,
              deadline: dt.datetime) -> list[Step]:
    """The dated steps of one agency's reply, ending in ``end``."""
    own = Principal(key_id=who, role=Role.DESIGNER, agency_id=agency["id"],
                    agency_code=agency["code"])
    code = agency["code"]
    first = START + dt.timedelta(days=2 + order * 24 / 73, hours=rng.randint(0, 6))
    if order == 0:  # the demo province: early, before the first reminder
        first = START + dt.timedelta(days=3)
    half = {name: value for index, (name, value) in enumerate(answers.items()) if index % 2 == 0}
    plan: list[tuple[dt.timedelta, Callable[[dt.datetime], Awaitable[Any]]]] = [
        (dt.timedelta(), lambda at: save_draft(ctx, own, cid, code, half, None, now=at)),
        (dt.timedelta(hours=rng.randint(2, 48)),
         lambda at: save_draft(ctx, own, cid, code, answers, None, now=at)),
    ]
    if end != "draft":  # about one in eight sends after the deadline (late, still taken)
        late = 6 if order > 40 and rng.random() < 0.25 else 0
        plan.append((dt.timedelta(days=rng.uniform(0.2, 4) + late),
                     lambda at: take_step(ctx, own, cid, code, "submit", now=at)))
    revised = end == "accepted" and rng.random() < 0.25
    if end == "changes_requested" or revised:
        comment = rng.choice(CHANGES)
        plan.append((dt.timedelta(days=rng.uniform(1, 4)), lambda at: take_step(
            ctx, office, cid, code, "request_changes", comment, now=at)))
    if revised:
        plan += [(dt.timedelta(days=rng.uniform(1, 3)),
                  lambda at: save_draft(ctx, own, cid, code, answers | {"staff": 3}, None,
                                        now=at)),
                 (dt.timedelta(hours=rng.randint(1, 24)),
                  lambda at: take_step(ctx, own, cid, code, "submit", now=at))]
    if end == "accepted":
        plan.append((dt.timedelta(days=rng.uniform(1, 5)),
                     lambda at: take_step(ctx, office, cid, code, "accept", now=at)))
    steps: list[Step] = []
    moment = first
    for index, (delay, action) in enumerate(plan):
        moment = moment + delay
        steps.append((moment, order * 100 + index, _at(action, moment)))
    return steps


def _at(action: Callable[[dt.datetime], Awaitable[Any]],
        moment: dt.datetime) -> Callable[[], Awaitable[Any]]:
    return lambda: action(moment.astimezone(dt.UTC))
