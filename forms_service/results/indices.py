"""Satisfaction indices (the SIPAS method) per form, service or agency, ranked.

The build function of the ``indices`` report. Forms declare their elements
in ``x-survey.indices``; each response added its element scores to
``answer_aggregate`` (:mod:`form_schemas.facts`), so a group's indices are
a ``GROUP BY`` over those rows and :mod:`analytics.indices` turns the
counts into element indices (Wilson or t intervals), the overall index (the
mean of the element indices, with a delta-method interval) and Cronbach's
alpha with Feldt's interval for elements of two items or more. Groups are
ranked by the overall index with ties and graded A–E on 100 × the index.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from analytics import (
    Period,
    competition_rank,
    cronbach_alpha_from_covariance,
    element_index,
    format_percent,
    format_percent_range,
    grade,
    items_covariance,
    overall_index,
)
from form_schemas import CompiledForm
from form_schemas.facts import ALPHA, INDICES, answer_facts, decode_value
from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.db import json_value
from forms_service.errors import InvalidInput
from forms_service.reports.dossier_groups import successors
from forms_service.reports.params import (
    check_confidence_level,
    check_locale,
    check_period,
    resolve_form,
    resolve_scope,
)
from forms_service.reports.sql import Where, aggregate_periods
from forms_service.results.schemas import (
    ElementOut,
    IndexRowOut,
    IndicesOut,
    OverallOut,
)

__all__ = ["GROUPS", "indices_report"]

GROUPS = ("form", "service", "agency", "unit", "month", "quarter", "year")
PERIODS = ("month", "quarter", "year")
_COLUMN = {"form": "a.form", "service": "a.service", "agency": "a.agency"}
_LABELS = {
    "form": "SELECT id, slug, slug FROM form WHERE id IN ({})",
    "service": "SELECT s.id, a.code || '/' || s.code, s.name FROM service s "
               "JOIN agency a ON a.id = s.agency WHERE s.id IN ({})",
    "agency": "SELECT id, code, name FROM agency WHERE id IN ({})",
    "unit": "SELECT u.id, a.code || '/' || u.code, u.name FROM unit u "
            "JOIN agency a ON a.id = u.agency WHERE u.id IN ({})",
}


def _score(text: str) -> tuple[int, int]:
    k, _, m = text.partition("/")
    return int(k), int(m)


async def _definitions(ctx: Context, where: Where) -> dict[int, CompiledForm]:
    """The newest version with indices of each form counted in ``where``."""
    _, rows = await ctx.db.fetch(
        "SELECT DISTINCT a.form_version FROM answer_aggregate a"
        f"{where.sql()} AND a.question = '@indices'", *where.args)
    ids = [int(row[0]) for row in rows]
    out: dict[int, CompiledForm] = {}
    if not ids:
        return out
    marks = ", ".join("{}" for _ in ids)
    for row in await ctx.db.raw("SELECT id, definition FROM form_version "
                                f"WHERE id IN ({marks}) ORDER BY number", *ids):
        out[int(row["id"])] = (ctx.forms.cached(int(row["id"]))
                               or ctx.forms.get(int(row["id"]), json_value(row["definition"])))
    return out


def _elements(forms: dict[int, CompiledForm], lang: str) -> dict[str, dict[str, Any]]:
    """Element key → title (in ``lang``) and items, newest definitions last."""
    elements: dict[str, dict[str, Any]] = {}
    for form in forms.values():
        survey = form.definition.get("x-survey") or {}
        english = ((survey.get("translations") or {}).get(lang) or {}).get("indices") or {}
        for key, element in (survey.get("indices") or {}).items():
            elements[key] = {"title": english.get(key) or element.get("title", key),
                             "questions": list(element.get("questions", []))}
    return elements


class _Group:
    def __init__(self) -> None:
        self.responses = 0
        self.scores: dict[str, dict[tuple[int, int], int]] = defaultdict(dict)
        self.pairs: dict[tuple[str, str], dict[Any, int]] = defaultdict(dict)
        self.alpha: dict[str, dict[Any, int]] = defaultdict(dict)
        self.items: dict[str, dict[str, int]] = defaultdict(dict)

    def add(self, question: str, value: str, n: int) -> None:
        if question == "":
            self.responses += n if value == "@responses" else 0
        elif question == INDICES:  # every element's score of a set of respondents
            vector = [part.partition("=") for part in value.split(";")]
            scored = [(key, _score(score)) for key, _, score in vector]
            for key, score in scored:
                self.scores[key][score] = self.scores[key].get(score, 0) + n
            for x, (a, first) in enumerate(scored):
                for b, second in scored[x + 1:]:
                    joint = self.pairs[(a, b)]
                    joint[(first, second)] = joint.get((first, second), 0) + n
        elif question.startswith(ALPHA):
            counts = self.alpha[question[len(ALPHA):]]
            counts[value] = counts.get(value, 0) + n
        else:
            self.items[question][value] = self.items[question].get(value, 0) + n


def _alpha(counts: dict[str, int], items: int, level: float) -> Any:
    """Alpha from the counts of complete answer vectors (``"5,4"``)."""
    n = sum(counts.values())
    if items < 2 or n < 2:
        return None
    pairs: dict[tuple[int, int], dict[tuple[float, float], int]] = defaultdict(dict)
    for text, number in counts.items():
        values = [float(x) for x in text.split(",")]
        if len(values) != items:
            continue
        for i in range(items):
            for j in range(i, items):
                key = (values[i], values[j])
                pairs[(i, j)][key] = pairs[(i, j)].get(key, 0) + number
    matrix = items_covariance(pairs, items, n)
    return cronbach_alpha_from_covariance(matrix, n_respondents=n, confidence_level=level)


def _mean_score(group: _Group, questions: list[str]) -> float | None:
    total = count = 0.0
    for name in questions:
        for text, n in group.items.get(name, {}).items():
            if text.startswith("@"):
                continue
            value = decode_value(text)
            if isinstance(value, int | float) and not isinstance(value, bool):
                total += value * n
                count += n
    return total / count if count else None


def _none(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def _row(key: str, label: str, group: _Group, elements: dict[str, dict[str, Any]],
         level: float, lang: str | None) -> IndexRowOut:
    names = list(elements)
    outs = []
    for name in names:
        info = elements[name]
        result = element_index(group.scores.get(name, {}), confidence_level=level)
        out = ElementOut(name, info["title"], info["questions"], result.n, _none(result.index),
                         _none(result.ci_low), _none(result.ci_high), result.method,
                         _mean_score(group, info["questions"]))
        alpha = _alpha(group.alpha.get(name, {}), len(info["questions"]), level)
        if alpha is not None:
            out.alpha, out.alpha_ci_low, out.alpha_ci_high = (
                _none(alpha.alpha), _none(alpha.ci_low), _none(alpha.ci_high))
            out.alpha_n = alpha.n_respondents
        if lang is not None:
            out.index_text = format_percent(result.index, lang)
            out.ci_text = format_percent_range(result.ci_low, result.ci_high, lang)
        outs.append(out)
    pairs = {(names.index(a), names.index(b)): joint for (a, b), joint in group.pairs.items()
             if a in names and b in names}
    pairs = {((i, j) if i < j else (j, i)): (joint if i < j else {(y, x): c for (x, y), c
                                                                    in joint.items()})
             for (i, j), joint in pairs.items()}
    overall = overall_index([group.scores.get(name, {}) for name in names], pairs,
                            confidence_level=level)
    total = OverallOut(overall.elements, _none(overall.index), _none(overall.se),
                       _none(overall.ci_low), _none(overall.ci_high), overall.method)
    if lang is not None:
        total.index_text = format_percent(overall.index, lang)
        total.ci_text = format_percent_range(overall.ci_low, overall.ci_high, lang)
    return IndexRowOut(key, label, group.responses, outs, total)


async def indices_report(
    ctx: Context, principal: Principal, *, group_by: str = "form", agency: str | None = None,
    form: str | None = None, period: str | None = None, confidence_level: float = 0.95,
    locale: str | None = None,
) -> IndicesOut:
    """Element and overall indices of the forms with ``x-survey.indices``, per group."""
    if group_by not in GROUPS:
        raise InvalidInput("group_by must be one of: {choices}.", choices=", ".join(GROUPS))
    lang = check_locale(locale)
    level = check_confidence_level(confidence_level)
    chosen = check_period(period)
    # the answer counts keep no unit: a person limited to a unit reads indices by unit
    scope = await resolve_scope(principal, agency, units=group_by == "unit")
    form_id = await resolve_form(principal, scope, form)
    where = Where()
    if scope.agency_id is not None:
        where.add("a.agency = {}", scope.agency_id)
    if form_id is not None:
        where.add("a.form = {}", form_id)
    period_sql = aggregate_periods(where, chosen, group_by if group_by in PERIODS else None)
    forms = await _definitions(ctx, where)
    elements = _elements(forms, lang or "vi")
    rows: list[IndexRowOut] = []
    if forms:
        marks = ", ".join("{}" for _ in forms)
        counted = Where(list(where.conditions), list(where.args)).add(
            f"a.form_version IN ({marks})", *forms)
        groups: dict[str, _Group] = defaultdict(_Group)
        if group_by == "unit":
            await _unit_groups(ctx, forms, scope.agency_id, chosen, groups, scope.unit_ids)
        else:
            column = period_sql or _COLUMN[group_by]
            _, found = await ctx.db.fetch(
                f"SELECT {column}, a.question, a.value, SUM(a.answers) FROM answer_aggregate a"
                f"{counted.sql()} GROUP BY {column}, a.question, a.value", *counted.args)
            for key, question, value, n in found:
                groups[str(key)].add(question, value, int(n))
        labels = ({key: (key, key) for key in groups} if period_sql
                  else await _labels(ctx, group_by, [int(key) for key in groups]))
        rows = [_row(*labels.get(key, (str(key), str(key))), group, elements, level, lang)
                for key, group in groups.items()]
        _rank(rows, by_period=period_sql is not None)
    return IndicesOut(group_by=group_by, confidence_level=level, interval_method="delta",
                      rows=rows, agency=scope.agency_code, form=form or None,
                      period=str(chosen) if chosen else None, locale=lang)


async def _unit_groups(ctx: Context, forms: dict[int, CompiledForm], agency_id: int | None,
                       period: Period | None, groups: dict[str, _Group],
                       units: frozenset[int] | None = None) -> None:
    """The facts of each answer credited to a unit, under the unit's last successor.

    The answer counts keep no unit, so the raw responses are read and counted
    with the writers' own function (:func:`form_schemas.facts.answer_facts`).
    """
    where = Where().add(f"r.form_version IN ({', '.join('{}' for _ in forms)})", *forms)
    where.add("r.unit IS NOT NULL")
    if units is not None:  # a person limited to a unit: its units' answers
        ids = sorted(units)
        where.add(f"r.unit IN ({', '.join('{}' for _ in ids) or 'NULL'})", *ids)
    if agency_id is not None:
        where.add("r.agency = {}", agency_id)
    if period is not None:
        year, first, length = period.sort_key
        where.add("r.month >= {}", f"{year:04d}-{first:02d}")
        where.add("r.month <= {}", f"{year:04d}-{first - length - 1:02d}")
    rows = await ctx.db.raw("SELECT r.form_version, r.unit, r.answers FROM response r"
                            f"{where.sql()}", *where.args)
    unit_ids = sorted({int(row["unit"]) for row in rows})
    final: dict[int, int] = {}
    if unit_ids:
        units = await ctx.db.raw("SELECT id, successor FROM unit WHERE agency IN "
                                 "(SELECT agency FROM unit WHERE id IN "
                                 f"({', '.join('{}' for _ in unit_ids)}))", *unit_ids)
        final = successors(units)
    for row in rows:
        form = forms.get(int(row["form_version"]))
        if form is None:
            continue
        group = groups[str(final.get(int(row["unit"]), int(row["unit"])))]
        for question, value in answer_facts(form, json_value(row["answers"])):
            group.add(question, value, 1)


async def _labels(ctx: Context, group_by: str, ids: list[int]) -> dict[str, tuple[str, str]]:
    if not ids:
        return {}
    marks = ", ".join("{}" for _ in ids)
    _, rows = await ctx.db.fetch(_LABELS[group_by].format(marks), *ids)
    return {str(row[0]): (str(row[1]), str(row[2])) for row in rows}


def _rank(rows: list[IndexRowOut], *, by_period: bool) -> None:
    """Grades A–E of 100 × the overall index, and competition ranks (1, 1, 3 …);
    periods are graded and listed in order, not ranked."""
    scored = [row for row in rows if row.overall.index is not None]
    for row, rank in zip(scored, competition_rank([r.overall.index or 0.0 for r in scored]),
                         strict=True):
        row.rank = None if by_period else rank
        row.grade = str(grade(100.0 * (row.overall.index or 0.0)))
    rows.sort(key=lambda row: (row.rank is None and not by_period, row.rank or 0, row.key))
