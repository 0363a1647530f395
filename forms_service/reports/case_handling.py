"""Case handling per unit or service (and period): how fast cases are acknowledged
and answered, in working days, how many are resolved and how many ran late.

Cases count in the period they opened (Vietnam time) and under the unit that
served the citizen (the answer's unit) or the case's service.  Times run from
the day a case opened to the day it was acknowledged or answered, in the
agency's working days (:mod:`forms_service.cases.workdays`).  A case ran late
if it was acknowledged, or answered, after its deadline, or is still waiting
past it (a case closed before being acknowledged or answered counts at the
day it closed).  Resolved share: closed as resolved ÷ closed other than as
duplicates.

Follow-up: a case was *asked* when a reply went to the citizen's contact with
the follow-up link (queued or sent; not one refused for good or dead), and
*answered* when the citizen answered it (the latest answer counts); the
solved share is "solved" ÷ answered, with its Wilson interval (95%).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any

import msgspec

from analytics import (
    duration_summary,
    format_number,
    format_percent,
    format_percent_range,
    proportion_ci,
)
from forms_service.auth import Principal
from forms_service.cases.policy import Policy, agency_policy
from forms_service.cases.queries import period_bounds
from forms_service.context import Context
from forms_service.i18n import VIETNAM, vietnam_today
from forms_service.reports.dossier_groups import parse_dossier_group_by
from forms_service.reports.params import check_locale, check_period, resolve_scope

__all__ = ["DIMENSIONS", "CaseHandlingReportOut", "CaseHandlingRowOut", "case_handling_report"]

DIMENSIONS = ("unit", "service")
Text = str | None

_ROWS = """
SELECT c.agency, a.code AS agency_code, a.name AS agency_name, c.state, c.outcome,
       c.opened_at, c.acknowledged_at, c.responded_at, c.closed_at, c.acknowledge_due,
       c.respond_due, u.code AS unit_code, u.name AS unit_name, s.code AS service_code,
       s.name AS service_name, c.follow_up,
       EXISTS (SELECT 1 FROM case_reply cr
               LEFT JOIN outbox_message m ON m.idempotency_key = cr.message_key
               WHERE cr."case" = c.id AND cr.channel IS NOT NULL
               AND (m.status IS NULL OR m.status NOT IN ('failed', 'dead'))) AS asked
FROM feedback_case c
JOIN agency a ON a.id = c.agency
LEFT JOIN response r ON r.id = c.response
LEFT JOIN unit u ON u.id = r.unit
LEFT JOIN service s ON s.id = c.service
"""


class CaseHandlingRowOut(msgspec.Struct, omit_defaults=True):
    key: str
    label: str
    agency: str
    agency_name: str
    period: str | None
    cases: int
    acknowledged: int
    acknowledge_median_days: float | None
    acknowledge_p90_days: float | None
    responded: int
    respond_median_days: float | None
    respond_p90_days: float | None
    closed: int
    resolved: int
    resolved_share: float | None
    overdue: int
    overdue_share: float | None
    follow_up_asked: int
    follow_up_answered: int
    follow_up_solved: int
    follow_up_partly: int
    follow_up_solved_share: float | None
    follow_up_ci_low: float | None
    follow_up_ci_high: float | None
    resolved_share_text: Text = None
    overdue_share_text: Text = None
    follow_up_solved_share_text: Text = None
    follow_up_ci_text: Text = None
    acknowledge_median_text: Text = None
    respond_median_text: Text = None


class CaseHandlingReportOut(msgspec.Struct, omit_defaults=True):
    group_by: str
    agency: str | None
    period: str | None
    rows: list[CaseHandlingRowOut]
    locale: str | None = None


def _local(moment: Any) -> dt.date | None:
    if moment is None:
        return None
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.fromisoformat(str(moment))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(VIETNAM).date()


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _period(day: dt.date, granularity: str | None) -> str | None:
    if granularity == "month":
        return f"{day.year}-{day.month:02d}"
    if granularity == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return str(day.year) if granularity == "year" else None


def _value(number: float) -> float | None:
    return None if math.isnan(number) else round(number, 2)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


class _Tally:
    def __init__(self) -> None:
        self.cases = self.closed = self.resolved = self.decided = self.overdue = 0
        self.asked = self.answered = self.solved = self.partly = 0
        self.acknowledge: list[int] = []
        self.respond: list[int] = []

    def add(self, row: dict[str, Any], policy: Policy, today: dt.date) -> None:
        opened = _local(row["opened_at"])
        assert opened is not None
        acknowledged, responded, closed = (
            _local(row["acknowledged_at"]), _local(row["responded_at"]), _local(row["closed_at"]))
        self.cases += 1
        if acknowledged is not None:
            self.acknowledge.append(policy.calendar.between(opened, acknowledged))
        if responded is not None:
            self.respond.append(policy.calendar.between(opened, responded))
        if row["state"] == "closed":
            self.closed += 1
            if row["outcome"] != "duplicate":
                self.decided += 1
                self.resolved += row["outcome"] == "resolved"
        end = closed or today
        late = ((acknowledged or end) > _date(row["acknowledge_due"])
                or (responded or end) > _date(row["respond_due"]))
        self.overdue += late
        self.asked += bool(row["asked"])
        if row["follow_up"] is not None:
            self.answered += 1
            self.solved += row["follow_up"] == "solved"
            self.partly += row["follow_up"] == "partly"


async def case_handling_report(
    ctx: Context, principal: Principal, *, group_by: str = "unit", agency: str | None = None,
    period: str | None = None, locale: str | None = None,
) -> CaseHandlingReportOut:
    """Times to acknowledge and respond, resolved and overdue shares per group."""
    dimension, granularity = parse_dossier_group_by(group_by, DIMENSIONS)
    chosen = check_period(period)
    lang = check_locale(locale)
    scope = await resolve_scope(principal, agency)
    where, args = ["1 = 1"], []
    if scope.agency_id is not None:
        where.append("c.agency = {}")
        args.append(scope.agency_id)
    bounds = period_bounds(period)
    if bounds is not None:
        where.append("c.opened_at >= {} AND c.opened_at < {}")
        args += list(bounds)
    rows = await ctx.db.raw(f"{_ROWS} WHERE {' AND '.join(where)} ORDER BY c.id", *args)
    today = vietnam_today()
    tallies: dict[tuple[Any, ...], _Tally] = defaultdict(_Tally)
    labels: dict[tuple[Any, ...], tuple[str, str, str, str]] = {}
    policies: dict[int, Policy] = {}
    for row in rows:
        opened = _local(row["opened_at"])
        assert opened is not None
        code = row[f"{dimension}_code"] or ""
        key = (row["agency"], code, _period(opened, granularity))
        labels[key] = (code or "-", row[f"{dimension}_name"] or "-", row["agency_code"],
                       row["agency_name"])
        if row["agency"] not in policies:
            policies[row["agency"]] = await agency_policy(ctx.db, row["agency"])
        tallies[key].add(row, policies[row["agency"]], today)
    out = []
    for key in sorted(tallies, key=lambda k: (labels[k][2], k[2] or "", labels[k][0])):
        t = tallies[key]
        ack, resp = duration_summary(t.acknowledge), duration_summary(t.respond)
        solved = proportion_ci(t.solved, t.answered)
        code, label, agency_code, agency_name = labels[key]
        item = CaseHandlingRowOut(
            key=code, label=label, agency=agency_code, agency_name=agency_name, period=key[2],
            cases=t.cases, acknowledged=ack.n, acknowledge_median_days=_value(ack.median),
            acknowledge_p90_days=_value(ack.p90), responded=resp.n,
            respond_median_days=_value(resp.median), respond_p90_days=_value(resp.p90),
            closed=t.closed, resolved=t.resolved, resolved_share=_share(t.resolved, t.decided),
            overdue=t.overdue, overdue_share=_share(t.overdue, t.cases),
            follow_up_asked=t.asked, follow_up_answered=t.answered, follow_up_solved=t.solved,
            follow_up_partly=t.partly,
            follow_up_solved_share=solved.estimate if t.answered else None,
            follow_up_ci_low=solved.ci_low if t.answered else None,
            follow_up_ci_high=solved.ci_high if t.answered else None)
        if lang is not None:
            item.resolved_share_text = format_percent(
                math.nan if item.resolved_share is None else item.resolved_share, lang)
            item.overdue_share_text = format_percent(
                math.nan if item.overdue_share is None else item.overdue_share, lang)
            item.acknowledge_median_text = format_number(ack.median, lang, digits=1)
            item.respond_median_text = format_number(resp.median, lang, digits=1)
            item.follow_up_solved_share_text = format_percent(solved.estimate, lang)
            item.follow_up_ci_text = format_percent_range(solved.ci_low, solved.ci_high, lang)
        out.append(item)
    return CaseHandlingReportOut(group_by=group_by.replace(" ", ""), agency=scope.agency_code,
                                 period=str(chosen) if chosen else None, rows=out,
                                 locale=lang)
