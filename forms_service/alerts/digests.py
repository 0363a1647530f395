"""Daily and weekly digests: for each person who asked for one, the new answers of
the period, the satisfaction rate with its change against the period before,
the cases opened and those open and overdue now, in their scope (their agency,
or their unit and the units below it), in their language.

A daily digest covers the day before and goes at 07:00 Vietnam time; a weekly
one covers Monday to Sunday and goes on Monday at 07:00. The sweep run every
minute with the reminders (:func:`send_digests`) queues the latest period's
digest of each person that has not had it: a row of ``alert_digest`` (unique
per person, kind and period) is written in the transaction that queues the
e-mail, so that two workers, or two rounds, never send the same digest twice.
A period missed while the service was down is not sent afterwards, only the
latest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from forms_service.alerts.mail import DigestFacts, digest_email
from forms_service.alerts.preferences import recipients, scope_units
from forms_service.context import Context
from forms_service.db import Database
from forms_service.i18n import VIETNAM
from forms_service.outbox.queue import enqueue, sealer

__all__ = ["SEND_AT", "Period", "digest_facts", "latest_period", "send_digests"]

#: the local time (Vietnam) digests go at
SEND_AT = dt.time(7, 0)
KINDS = ("daily", "weekly")


@dataclass(frozen=True, slots=True)
class Period:
    kind: str
    start: dt.date  # first day
    end: dt.date  # the day after the last

    @property
    def previous(self) -> Period:
        return Period(self.kind, self.start - (self.end - self.start), self.start)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Its first moment and the first after it, in UTC."""
        def moment(day: dt.date) -> dt.datetime:
            return dt.datetime.combine(day, dt.time(0), VIETNAM).astimezone(dt.UTC)
        return moment(self.start), moment(self.end)


def latest_period(kind: str, now: dt.datetime) -> Period:
    """The period whose digest is due at ``now``: the day before today's 07:00 (before
    07:00: the day before yesterday), the week before the latest Monday 07:00."""
    local = now.astimezone(VIETNAM)
    today = local.date()
    sent_today = local.time() >= SEND_AT
    if kind == "daily":
        end = today if sent_today else today - dt.timedelta(days=1)
        return Period(kind, end - dt.timedelta(days=1), end)
    monday = today - dt.timedelta(days=today.weekday())
    if monday == today and not sent_today:
        monday -= dt.timedelta(days=7)
    return Period(kind, monday - dt.timedelta(days=7), monday)


async def _rated(db: Database, agency: int, units: list[int] | None,
                 period: Period) -> dict[str, int]:
    start, end = period.bounds()
    scope, args = "", []
    if units is not None:
        scope = f" AND r.unit IN ({', '.join(['{}'] * len(units))})"
        args = units
    [row] = await db.raw(
        "SELECT COUNT(*) AS answers, "
        "SUM(CASE WHEN r.satisfied IS NOT NULL THEN 1 ELSE 0 END) AS rated, "
        "SUM(CASE WHEN r.satisfied THEN 1 ELSE 0 END) AS satisfied FROM response r "
        f"WHERE r.agency = {{}} AND r.submitted_at >= {{}} AND r.submitted_at < {{}}{scope}",
        agency, start, end, *args)
    return {k: int(row[k] or 0) for k in ("answers", "rated", "satisfied")}


async def _cases(db: Database, agency: int, units: list[int] | None, period: Period,
                 today: dt.date) -> dict[str, int]:
    start, end = period.bounds()
    scope, args = "", []
    if units is not None:
        marks = ", ".join(["{}"] * len(units))
        scope = f" AND (r.unit IN ({marks}) OR c.assigned_unit IN ({marks}))"
        args = [*units, *units]
    [row] = await db.raw(
        "SELECT SUM(CASE WHEN c.opened_at >= {} AND c.opened_at < {} THEN 1 ELSE 0 END) "
        "AS opened, SUM(CASE WHEN c.state <> 'closed' THEN 1 ELSE 0 END) AS open_now, "
        "SUM(CASE WHEN c.state = 'new' AND c.acknowledge_due < {} THEN 1 ELSE 0 END) "
        "AS acknowledge_overdue, SUM(CASE WHEN c.state IN ('new', 'acknowledged', "
        "'assigned') AND c.respond_due < {} THEN 1 ELSE 0 END) AS respond_overdue "
        "FROM feedback_case c LEFT JOIN response r ON r.id = c.response "
        f"WHERE c.agency = {{}}{scope}", start, end, today, today, agency, *args)
    return {k: int(row[k] or 0) for k in ("opened", "open_now", "acknowledge_overdue",
                                          "respond_overdue")}


async def digest_facts(ctx: Context, agency: dict[str, Any], unit: dict[str, Any] | None,
                       period: Period, today: dt.date) -> DigestFacts:
    """The figures of one digest: agency ``agency`` (id, name), scope ``unit`` (id, code,
    name) or the whole agency."""
    db, base = ctx.db, ctx.settings.public_url.rstrip("/")
    units = await scope_units(db, int(unit["id"])) if unit else None
    now, before = (await _rated(db, agency["id"], units, period),
                   await _rated(db, agency["id"], units, period.previous))
    cases = await _cases(db, agency["id"], units, period, today)
    scope = f"unit={quote(unit['code'])}" if unit else ""
    return DigestFacts(
        kind=period.kind, agency=agency["name"],
        scope=f"{unit['name']} ({unit['code']})" if unit else None, start=period.start,
        end=period.end - dt.timedelta(days=1), answers=now["answers"],
        satisfied=now["satisfied"], rated=now["rated"],
        previous_satisfied=before["satisfied"], previous_rated=before["rated"],
        cases_link=f"{base}/cases" + (f"?{scope}" if scope else ""),
        overdue_link=f"{base}/cases?overdue=yes" + (f"&{scope}" if scope else ""),
        dashboard_link=f"{base}/dashboard", account=f"{base}/account", **cases)


async def send_digests(ctx: Context, now: dt.datetime | None = None) -> int:
    """Queue the digests due at ``now`` that were not queued yet; how many."""
    now = now or dt.datetime.now(dt.UTC)
    db, seal, sent = ctx.db, sealer(ctx.db), 0
    today = now.astimezone(VIETNAM).date()
    agencies = await db.raw(
        "SELECT DISTINCT g.id, g.name FROM alert_preference a JOIN person p "
        "ON p.id = a.person JOIN agency g ON g.id = p.agency WHERE a.digest <> 'none' "
        "AND p.active = {} ORDER BY g.id", True)
    for agency in agencies:
        for kind in KINDS:
            period = latest_period(kind, now)
            people = await recipients(db, int(agency["id"]), kind=kind)
            done = {int(row["person"]) for row in await db.raw(
                "SELECT d.person FROM alert_digest d JOIN person p ON p.id = d.person "
                "WHERE p.agency = {} AND d.kind = {} AND d.period_start = {}",
                agency["id"], kind, period.start)}
            figures: dict[Any, DigestFacts] = {}
            for person in people:
                if person["id"] in done:
                    continue
                scope = person["unit"]
                if scope not in figures:
                    unit = None
                    if scope is not None:
                        [unit] = await db.raw("SELECT id, code, name FROM unit WHERE id = {}",
                                              scope)
                    figures[scope] = await digest_facts(ctx, agency, unit, period, today)
                payload = {"to": person["email"]} | digest_email(person["locale"] or "vi",
                                                                 figures[scope])
                async with db.write_transaction():
                    claimed = await db.raw(
                        "INSERT INTO alert_digest (person, kind, period_start, queued_at) "
                        "VALUES ({}, {}, {}, {}) ON CONFLICT (person, kind, period_start) "
                        "DO NOTHING RETURNING id", person["id"], kind, period.start, now)
                    if not claimed:  # another worker queued it
                        continue
                    await enqueue(db, channel="email", kind="digest",
                                  key=f"dig-{kind[0]}-{period.start:%Y%m%d}-{person['id']}",
                                  payload=payload, agency=int(agency["id"]), seal=seal)
                    sent += 1
    return sent
