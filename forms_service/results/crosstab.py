"""Cross-tabulations: a closed question by service, channel, audience, unit, period
or by another closed question of the same form.

By a group, the counts are a ``GROUP BY`` over the form's answer counts
(``answer_aggregate``). By another question or by unit they are a ``GROUP BY``
over the form's raw responses in the database (the answer counts keep no
pairs of questions and no units; a merged unit counts under its successor).
:func:`analytics.crosstab` gives the percentages, chi-square, Cramér's V
and, with expected counts below 5, Fisher's exact or a Monte Carlo p-value.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from analytics import crosstab, label
from form_schemas.facts import encode_value
from form_schemas.model import Question
from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.errors import InvalidInput
from forms_service.i18n import translate
from forms_service.reports.dossier_groups import successors
from forms_service.reports.params import (
    check_locale,
    check_period,
    month_range,
    resolve_form,
    resolve_scope,
)
from forms_service.reports.sql import Where, aggregate_periods, period_of_month
from forms_service.results.report import published_versions
from forms_service.results.schemas import CategoryOut, CrossTabOut

__all__ = ["GROUPS", "crosstab_report"]

GROUPS = ("service", "channel", "audience", "unit", "month", "quarter", "year")
CLOSED = ("single_choice", "boolean", "rating", "nps")
_LABEL_SQL = ("SELECT s.id, s.code, s.name FROM service s WHERE s.id IN ({})")


def _closed(questions: dict[str, Question], key: str, name: str) -> Question:
    question = questions.get(key)
    if question is None or question.spec is None or question.spec.kind not in CLOSED:
        raise InvalidInput("{name} must name a closed single-answer question of the form "
                           "(one choice, yes/no, rating or NPS): {choices}.", name=name,
                           choices=", ".join(k for k, q in questions.items()
                                             if q.spec is not None and q.spec.kind in CLOSED))
    return question


def _categories(question: Question, seen: set[str], lang: str) -> list[CategoryOut]:
    out = [CategoryOut(encode_value(c.value), c.label(lang)) for c in question.choices]
    known = {c.value for c in out}
    out.extend(CategoryOut(v, v) for v in sorted(seen - known))
    return out


async def _by_group(ctx: Context, form_id: int, key: str, by: str, period: Any,
                    lang: str) -> tuple[dict[tuple[str, str], int], list[CategoryOut]]:
    where = Where().add("a.form = {}", form_id).add("a.question = {}", key)
    if by in ("month", "quarter", "year"):
        where.add("a.span = 'month'")
        if period is not None:
            where.add("a.period BETWEEN {} AND {}", *_months(period))
        column = period_of_month("a.period", by)
    else:
        aggregate_periods(where, period, None)
        column = {"service": "a.service", "channel": "a.channel", "audience": "a.audience"}[by]
    _, rows = await ctx.db.fetch(
        f"SELECT {column}, a.value, SUM(a.answers) FROM answer_aggregate a{where.sql()} "
        f"GROUP BY {column}, a.value", *where.args)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    groups: set[str] = set()
    for group, value, n in rows:
        if str(value).startswith("@") or group in (None, "", 0):
            continue
        counts[(value, str(group))] += int(n)
        groups.add(str(group))
    labels = {g: g for g in groups}
    if by == "service" and groups:
        marks = ", ".join("{}" for _ in groups)
        _, found = await ctx.db.fetch(_LABEL_SQL.format(marks), *map(int, groups))
        labels = {str(r[0]): f"{r[1]} {r[2]}" for r in found}
    if by == "audience":
        labels = {g: label(g, lang) for g in groups}
    columns = [CategoryOut(g, labels.get(g, g)) for g in sorted(groups)]
    return counts, columns


def _months(period: Any) -> tuple[str, str]:
    months = month_range(period)
    assert months is not None
    return months


def _in_units(where: Where, units: frozenset[int] | None) -> Where:
    """Keep the answers of ``units`` (a person limited to a unit), if given."""
    if units is not None:
        ids = sorted(units)
        where.add(f"r.unit IN ({', '.join('{}' for _ in ids) or 'NULL'})", *ids)
    return where


async def _by_question(ctx: Context, form_id: int, key: str, other: str,
                       period: Any, units: frozenset[int] | None = None,
                       ) -> dict[tuple[str, str], int]:
    if ctx.db.is_sqlite:
        pick = "r.answers -> {}"
        paths = (f"$.{key}", f"$.{other}")
    else:
        pick = "(r.answers -> {})::text"
        paths = (key, other)
    where = _in_units(Where().add("r.form = {}", form_id), units)
    if period is not None:
        first, last = _months(period)
        where.add("r.month BETWEEN {} AND {}", first, last)
    _, rows = await ctx.db.fetch(
        f"SELECT {pick} AS a, {pick} AS b, COUNT(*) FROM response r{where.sql()} "
        "GROUP BY 1, 2", *paths, *where.args)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for a, b, n in rows:
        if a is None or b is None:
            continue
        counts[(str(a), str(b))] += int(n)
    return counts


async def _by_unit(ctx: Context, form_id: int, key: str, period: Any,
                   units: frozenset[int] | None = None,
                   ) -> tuple[dict[tuple[str, str], int], list[CategoryOut]]:
    pick = "r.answers -> {}" if ctx.db.is_sqlite else "(r.answers -> {})::text"
    path = f"$.{key}" if ctx.db.is_sqlite else key
    where = _in_units(Where().add("r.form = {}", form_id).add("r.unit IS NOT NULL"), units)
    if period is not None:
        where.add("r.month BETWEEN {} AND {}", *_months(period))
    _, rows = await ctx.db.fetch(
        f"SELECT {pick} AS a, r.unit, COUNT(*) FROM response r{where.sql()} GROUP BY 1, 2",
        path, *where.args)
    units = await ctx.db.raw("SELECT u.id, u.code, u.name, u.successor FROM unit u "
                             "JOIN form f ON f.agency = u.agency WHERE f.id = {}", form_id)
    final = successors(units)
    names = {str(u["id"]): f"{u['code']} {u['name']}" for u in units}
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for a, unit, n in rows:
        if a is None:
            continue
        counts[(str(a), str(final.get(int(unit), int(unit))))] += int(n)
    groups = sorted({g for _, g in counts}, key=lambda g: names.get(g, g))
    return counts, [CategoryOut(g, names.get(g, g)) for g in groups]


def _none(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


async def crosstab_report(
    ctx: Context, principal: Principal, *, form: str, question: str, by: str,
    period: str | None = None, locale: str | None = None,
) -> CrossTabOut:
    """``question`` by ``by`` (a group or another question) over the form's answers."""
    lang = check_locale(locale)
    chosen = check_period(period)
    # answers by group come from the counts, which keep no unit: not for a person
    # limited to a unit; by unit or by another question, the answers of their units
    scope = await resolve_scope(principal, None, units=by == "unit" or by not in GROUPS)
    form_id = await resolve_form(principal, scope, form)
    assert form_id is not None
    versions = await published_versions(ctx, form_id)
    questions: dict[str, Question] = {}
    for _, compiled in versions.values():  # oldest first: the newest wording wins
        questions.update({q.name: q for q in compiled.questions})
    row_question = _closed(questions, question, "question")
    words = lang or "vi"
    if by == "unit":
        counts, columns = await _by_unit(ctx, form_id, question, chosen, scope.unit_ids)
    elif by in GROUPS:
        counts, columns = await _by_group(ctx, form_id, question, by, chosen, words)
    else:
        if by not in questions:
            raise InvalidInput("by must be one of {groups} or a closed question of the form.",
                               groups=", ".join(GROUPS))
        other = _closed(questions, by, "by")
        if by == question:
            raise InvalidInput("by must name another question than question.")
        counts = await _by_question(ctx, form_id, question, by, chosen, scope.unit_ids)
        columns = _categories(other, {b for _, b in counts}, words)
    rows = _categories(row_question, {a for a, _ in counts}, words)
    table = [[counts.get((r.value, c.value), 0) for c in columns] for r in rows]
    result = crosstab(table) if rows and columns else None
    out = CrossTabOut(
        form=form, question=question, by=by, rows=rows, columns=columns, counts=table,
        row_shares=[[_none(v) for v in row] for row in result.row_shares] if result else [],
        column_shares=[[_none(v) for v in row] for row in result.column_shares]
        if result else [],
        n=result.n if result else 0, dof=result.dof if result else 0,
        small_expected=bool(result and result.small_expected),
        period=str(chosen) if chosen else None, locale=lang)
    if result is not None:
        out.statistic, out.pvalue = _none(result.statistic), _none(result.pvalue)
        out.cramers_v, out.min_expected = _none(result.cramers_v), _none(result.min_expected)
        if result.small_expected:
            out.exact_pvalue, out.exact_method = _none(result.exact_pvalue), result.exact_method
            out.resamples = result.resamples or None
            out.warning = translate(words, "Some expected counts are below 5: the chi-square "
                                    "p-value is approximate; read the {method} p-value.",
                                    method=result.exact_method)
    return out
