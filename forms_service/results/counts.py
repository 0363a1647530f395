"""Reading a form's answer counts for the chosen filters.

Whole years and months come from ``answer_aggregate`` (a ``GROUP BY`` over
one form's rows: it costs the number of groups, not of responses). A date
range that starts or ends inside a month reads that month's raw responses
and counts them with the same function the writers use
(:func:`form_schemas.facts.answer_facts`), so the two always agree. The
counts keep no unit or officer: filtered by one, every month chosen is read
from the raw responses (the unit and officer each answer was credited to).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from form_schemas import CompiledForm
from form_schemas.facts import answer_facts
from forms_service.context import Context
from forms_service.db import json_value
from forms_service.i18n import VIETNAM
from forms_service.reports.sql import Where

__all__ = ["Counts", "Filters", "month_plan", "read_counts"]

#: counts[version id][question][value] = responses
Counts = dict[int, dict[str, dict[str, int]]]


@dataclass(frozen=True)
class Filters:
    """The checked filters: ids and codes, the months and days to read."""

    form_id: int
    service_id: int | None = None
    channel: str | None = None
    audience: str | None = None
    first: dt.date | None = None  # first day counted (Vietnam time)
    last: dt.date | None = None  # last day counted
    units: tuple[int, ...] | None = None  # credited to one of these units
    officer_id: int | None = None  # credited to this officer

    @property
    def by_staff(self) -> bool:
        return self.units is not None or self.officer_id is not None


@dataclass(frozen=True)
class MonthPlan:
    """Which aggregate rows and which raw months cover ``first``..``last``."""

    span: str | None  # 'year' or 'month'; None reads no aggregate rows
    low: str | None
    high: str | None
    partial: tuple[str, ...]  # months read from the raw rows


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_plan(first: dt.date | None, last: dt.date | None) -> MonthPlan:
    """The aggregate rows (whole months, or whole years) and the partial months."""
    if first is None and last is None:
        return MonthPlan("year", None, None, ())
    partial: list[str] = []
    low = high = None
    if first is not None:
        if first.day != 1:
            partial.append(_month(first))
            first = _next_month(first)
        low = _month(first)
    if last is not None:
        if _next_month(last) - dt.timedelta(days=1) != last:
            if _month(last) not in partial:
                partial.append(_month(last))
            last = dt.date(last.year, last.month, 1) - dt.timedelta(days=1)
        high = _month(last)
    if low is not None and high is not None and low > high:
        return MonthPlan(None, None, None, tuple(partial))
    yearly = (low is None or low.endswith("-01")) and (high is None or high.endswith("-12"))
    if yearly:
        return MonthPlan("year", low[:4] if low else None, high[:4] if high else None,
                         tuple(partial))
    return MonthPlan("month", low, high, tuple(partial))


def _where(filters: Filters, alias: str) -> Where:
    where = Where().add(f"{alias}.form = {{}}", filters.form_id)
    if filters.service_id is not None:
        where.add(f"{alias}.service = {{}}", filters.service_id)
    if filters.channel is not None:
        where.add(f"{alias}.channel = {{}}", filters.channel)
    if filters.audience is not None:
        where.add(f"{alias}.audience = {{}}", filters.audience)
    if filters.units is not None:
        marks = ", ".join("{}" for _ in filters.units) or "NULL"
        where.add(f"{alias}.unit IN ({marks})", *filters.units)
    if filters.officer_id is not None:
        where.add(f"{alias}.officer = {{}}", filters.officer_id)
    return where


async def read_counts(ctx: Context, filters: Filters) -> Counts:
    """The counts of every version, question and value of the form."""
    counts: Counts = defaultdict(lambda: defaultdict(dict))
    if filters.by_staff:
        await _add_raw(ctx, filters, None, counts)
        return counts
    plan = month_plan(filters.first, filters.last)
    if plan.span is not None:
        where = _where(filters, "a").add("a.span = {}", plan.span)
        if plan.low is not None:
            where.add("a.period >= {}", plan.low)
        if plan.high is not None:
            where.add("a.period <= {}", plan.high)
        _, rows = await ctx.db.fetch(
            "SELECT a.form_version, a.question, a.value, SUM(a.answers) FROM answer_aggregate a"
            f"{where.sql()} GROUP BY a.form_version, a.question, a.value", *where.args)
        for version, question, value, number in rows:
            counts[int(version)][question][value] = int(number)
    for month in plan.partial:
        await _add_raw(ctx, filters, month, counts)
    return counts


def _local_day(value: Any) -> dt.date:
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(VIETNAM).date()  # type: ignore[no-any-return]


async def _add_raw(ctx: Context, filters: Filters, month: str | None, counts: Counts) -> None:
    """Count the responses of ``month`` (None: of every month) within the days chosen,
    from the raw rows."""
    where = _where(filters, "r")
    if month is not None:
        where.add("r.month = {}", month)
    else:
        if filters.first is not None:
            where.add("r.month >= {}", _month(filters.first))
        if filters.last is not None:
            where.add("r.month <= {}", _month(filters.last))
    where.conditions = [c.replace("r.service", "COALESCE(r.service, 0)")
                        .replace("r.audience", "COALESCE(r.audience, '')")
                        for c in where.conditions]
    rows = await ctx.db.raw("SELECT r.form_version, r.submitted_at, r.answers FROM response r"
                            f"{where.sql()}", *where.args)
    forms: dict[int, CompiledForm] = {}
    for row in rows:
        day = _local_day(row["submitted_at"])
        if (filters.first is not None and day < filters.first) or (
                filters.last is not None and day > filters.last):
            continue
        version = int(row["form_version"])
        form = forms.get(version) or ctx.forms.cached(version)
        if form is None:
            found = await ctx.db.raw("SELECT definition FROM form_version WHERE id = {}",
                                     version)
            form = ctx.forms.get(version, json_value(found[0]["definition"]))
        forms[version] = form
        by_question = counts[version]
        for question, value in answer_facts(form, json_value(row["answers"])):
            by_question[question][value] = by_question[question].get(value, 0) + 1
