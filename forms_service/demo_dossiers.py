"""Demo data of the dossiers: the demo province's organisation and a year of dossiers.

The province gets its public-administration service centre, departments
and communes (two communes merged in the 2025 reorganisation: closed, with
their successor), counters and officers, and one returned dossier for every
dossier its statistics count in the last four quarters of the demo, each
with its one-stop event: the same totals, online and self-submitted counts.
Every demo answer of that year with a dossier reference gets its dossier
(returned a few days before the answer, more often late when the answer is
unhappy), so answers are credited to units and officers; the survey was
offered to every answered dossier and to some others, and opened by some.
The rows are written in bulk and ``dossier_month`` is rebuilt from them,
as ``phieu aggregates rebuild`` does, so that ``phieu demo`` stays quick.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from forms_service.catalogue.tables import DossierStat, Service
from forms_service.context import Context
from forms_service.credentials.keyed import dossier_hash
from forms_service.db import Database
from forms_service.dossiers.aggregates import rebuild
from forms_service.i18n import local_month
from forms_service.organisation.tables import Counter, Officer, Unit
from forms_service.responses.tables import Response

__all__ = ["EVENT_QUARTERS", "UNITS", "seed_dossier_demo"]

SEED = 2025
SYSTEM = "motcua-haiduong"
#: the quarters whose dossiers the demo sends as events (the last four of the demo)
EVENT_QUARTERS = ("2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3")
REORGANISED = dt.date(2025, 7, 1)
# (code, name, kind, services handled, closed: successor code or None)
UNITS: tuple[tuple[str, str, str, tuple[str, ...], str | None], ...] = (
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh Hải Dương", "centre", (), None),
    ("STP", "Sở Tư pháp", "department", ("2.000815.000.00.00.H29",), None),
    ("CA", "Công an tỉnh", "department", ("1.004227", "1.001612"), None),
    ("STC", "Sở Tài chính", "department", ("2.001610", "1.000775", "1.009994"), None),
    ("SXD", "Sở Xây dựng", "department", ("1.005198",), None),
    ("SYT", "Sở Y tế", "department", ("2.000633",), None),
    ("XA-TH", "UBND phường Thành Đông", "commune", ("1.001193", "2.001824", "1.003003"),
     None),
    ("XA-NS", "UBND xã Nam Sách", "commune", ("1.001193", "2.001824", "1.003003"), None),
    ("XA-AP", "UBND xã An Phụ (đã sáp nhập)", "commune", (), "XA-NS"),
    ("XA-TL", "UBND xã Thanh Lâm (đã sáp nhập)", "commune", (), "XA-NS"),
)
OFFICERS_PER_UNIT = 3
COUNTERS_PER_UNIT = 2
PROCESSING_DAYS = 7
OFFER_SHARE = 0.35  # of unanswered dossiers, offered the survey (embed page rendered)
OPEN_SHARE = 0.30  # of offered unanswered dossiers, opened it
CHUNK = 800


async def _insert(db: Database, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """Multi-row ``INSERT`` statements (the ORM's would cost more than the rest of the demo)."""
    if not rows:
        return
    columns = list(rows[0])
    row_marks = "(" + ", ".join(["{}"] * len(columns)) + ")"
    for start in range(0, len(rows), CHUNK):
        part = rows[start:start + CHUNK]
        await db.raw(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                     + ", ".join([row_marks] * len(part)),
                     *[row[name] for row in part for name in columns])


async def _organisation(agency_id: int) -> dict[str, Any]:
    """Units (with successors), counters and officers; their ids by unit code."""
    ids: dict[str, int] = {}
    for code, name, kind, _, _ in UNITS:
        row = await Unit.insert(Unit(agency=agency_id, code=code, name=name, kind=kind)) \
            .returning(Unit.id).run()
        ids[code] = int(row[0]["id"])
    for code, _, _, _, successor in UNITS:
        parent = None if code == "TTPVHCC" else ids["TTPVHCC"]
        values: dict[Any, Any] = {Unit.parent: parent}
        if successor is not None:
            values.update({Unit.successor: ids[successor], Unit.active: False,
                           Unit.closed_on: REORGANISED})
        await Unit.update(values).where(Unit.id == ids[code]).run()
    staff: dict[str, Any] = {}
    number = 0
    for code, _, _, _, successor in UNITS:
        if successor is not None:
            continue
        counters, officers = [], []
        for i in range(1, COUNTERS_PER_UNIT + 1):
            row = await Counter.insert(Counter(
                agency=agency_id, unit=ids[code], code=f"{code}-Q{i}",
                name=f"Quầy số {i}")).returning(Counter.id).run()
            counters.append(int(row[0]["id"]))
        for _ in range(OFFICERS_PER_UNIT):
            number += 1
            row = await Officer.insert(Officer(
                agency=agency_id, code=f"CB{number:03d}", name=_officer_name(number),
                unit=ids[code])).returning(Officer.id).run()
            officers.append(int(row[0]["id"]))
        staff[code] = {"unit": ids[code], "counters": counters, "officers": officers}
    return staff


_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi")
_GIVEN = ("Văn An", "Thị Bình", "Minh Châu", "Thu Hà", "Quốc Huy", "Ngọc Lan", "Đức Long",
          "Thanh Mai", "Hải Nam", "Thu Trang")


def _officer_name(number: int) -> str:
    return f"{_FAMILY[number % len(_FAMILY)]} {_GIVEN[(number * 3) % len(_GIVEN)]}"


def _quarter_months(period: str) -> list[tuple[int, int]]:
    year, quarter = int(period[:4]), int(period[-1])
    return [(year, 3 * quarter - 2 + i) for i in range(3)]


def _in_month(rng: random.Random, year: int, month: int) -> dt.datetime:
    start = dt.datetime(year, month, 1, 2, tzinfo=dt.UTC)
    return start + dt.timedelta(days=rng.randint(0, 26), hours=rng.randint(0, 9))


class _Builder:
    """Dossier, event and touch rows of the demo, built in memory."""

    def __init__(self, agency_id: int, staff: dict[str, Any], rng: random.Random) -> None:
        self.agency_id = agency_id
        self.staff = staff
        self.rng = rng
        self.dossiers: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.touches: list[dict[str, Any]] = []

    def handler(self, code: str) -> dict[str, Any]:
        units = [u for u, _, _, services, closed in UNITS if code in services and not closed]
        return self.staff[self.rng.choice(units) if units else "TTPVHCC"]

    def add(self, digest: str, service: dict[str, Any], returned: dt.datetime, *,
            channel: str, submitted_by: str | None, late: bool, offered: bool,
            opened: bool) -> None:
        rng = self.rng
        who = self.handler(service["code"])
        counter = rng.choice(who["counters"]) if channel == "in_person" else None
        due = returned + (dt.timedelta(days=-rng.randint(1, 4)) if late
                          else dt.timedelta(days=rng.randint(0, 3)))
        received = due - dt.timedelta(days=PROCESSING_DAYS)
        state = {
            "agency": self.agency_id, "dossier_hash": digest, "service": service["id"],
            "channel": channel, "status": "returned", "unit": who["unit"], "counter": counter,
            "officer": rng.choice(who["officers"]), "received_at": received, "due_at": due,
            "returned_at": returned, "submitted_by": submitted_by,
        }
        self.events.append({**state, "system": SYSTEM,
                            "event_id": f"{digest[:24]}-returned", "at": returned,
                            "stored_at": returned})
        self.dossiers.append({**state, "on_time": not late, "last_event_at": returned,
                              "month": local_month(returned), "offered": offered,
                              "opened": opened, "answered": False, "satisfied": None})
        for kind, done in (("offered", offered), ("opened", opened)):
            if done:
                self.touches.append({"agency": self.agency_id, "dossier_hash": digest,
                                     "kind": kind, "channel": "embed",
                                     "at": returned + dt.timedelta(minutes=5)})


async def seed_dossier_demo(ctx: Context, agency_code: str) -> int:
    """Seed the organisation and a year of dossiers of ``agency_code``; return the dossiers."""
    rng = random.Random(SEED)
    agency_rows = await ctx.db.raw("SELECT id FROM agency WHERE code = {}", agency_code)
    agency_id = int(agency_rows[0]["id"])
    staff = await _organisation(agency_id)
    services = {row["id"]: row for row in await Service.select(
        Service.id, Service.code).where(Service.agency == agency_id).run()}
    builder = _Builder(agency_id, staff, rng)
    # the year's answers with a dossier reference: each gets its dossier
    answered: dict[tuple[int, str], list[dict[str, Any]]] = {}
    seen: set[str] = set()
    for row in await Response.select(
            Response.dossier_hash, Response.service, Response.satisfied, Response.month,
            Response.submitted_at).where(
            (Response.agency == agency_id) & Response.dossier_hash.is_not_null()
            & Response.service.is_not_null() & (Response.month >= "2025-10")
            & (Response.month <= "2026-09")).order_by(Response.id).run():
        if row["dossier_hash"] in seen:  # answered with two forms: one dossier
            continue
        seen.add(row["dossier_hash"])
        quarter = f"{row['month'][:4]}-Q{(int(row['month'][5:]) + 2) // 3}"
        answered.setdefault((row["service"], quarter), []).append(row)
    stats = await DossierStat.select().where(DossierStat.service.is_in(list(services))).run()
    serial = 0
    for stat in sorted(stats, key=lambda s: (s["service"], s["period"])):
        if stat["period"] not in EVENT_QUARTERS:
            continue
        service = services[stat["service"]]
        total, online = stat["total_dossiers"], stat["online_dossiers"]
        own = stat["self_submitted_dossiers"]
        mine = answered.get((stat["service"], stat["period"]), [])[:total]
        channels = ["online"] * online + ["postal" if rng.random() < 0.04 else "in_person"
                                          for _ in range(total - online)]
        submitted = ["self"] * own + ["assisted"] * (online - own)
        rng.shuffle(channels)
        rng.shuffle(submitted)
        picks = iter(submitted)
        months = _quarter_months(stat["period"])
        for i, channel in enumerate(channels):
            by = next(picks) if channel == "online" else None
            if i < len(mine):  # a dossier someone answered about
                answer = mine[i]
                returned = answer["submitted_at"] - dt.timedelta(days=rng.randint(0, 3),
                                                                  hours=1)
                if local_month(returned) != answer["month"]:
                    returned = answer["submitted_at"] - dt.timedelta(minutes=30)
                late = rng.random() < (0.06 if answer["satisfied"] else 0.35)
                builder.add(answer["dossier_hash"], service, returned, channel=channel,
                            submitted_by=by, late=late, offered=True,
                            opened=True)
                continue
            serial += 1
            digest = dossier_hash(ctx.settings.secret_key, agency_code,
                                  f"HS-{service['code']}-{serial:07d}")
            offered = rng.random() < OFFER_SHARE
            builder.add(digest, service, _in_month(rng, *rng.choice(months)), channel=channel,
                        submitted_by=by, late=rng.random() < 0.12, offered=offered,
                        opened=offered and rng.random() < OPEN_SHARE)
    async with ctx.db.write_transaction():
        await _insert(ctx.db, "dossier_event", builder.events)
        await _insert(ctx.db, "dossier", builder.dossiers)
        await _insert(ctx.db, "dossier_touch", builder.touches)
    await rebuild(ctx.db, agency_id)
    return len(builder.dossiers)
