"""Each question's block of results, from its counts, by the kind of its answers.

The statistics are those of :mod:`analytics`: Wilson intervals for shares,
the t interval for means, numpy's quartiles, the NPS with the library's
interval. Nothing here reads the database.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from analytics import (
    format_number,
    format_percent,
    format_percent_range,
    histogram,
    mean_ci,
    net_promoter_score,
    proportion_ci,
    quartiles,
)
from form_schemas.facts import ANSWERED, CHOSEN, HIDDEN, decode_value, encode_value
from form_schemas.model import Question
from forms_service.i18n import translate
from forms_service.results.schemas import (
    ChoiceOut,
    ChosenOut,
    HistogramOut,
    MeanOut,
    NpsOut,
    QuartilesOut,
    QuestionResultOut,
    ShareOut,
)

__all__ = ["Options", "question_result"]

CLOSED = ("single_choice", "boolean", "rating", "nps")


class Options:
    """What every block shares: the interval method and level, the language."""

    def __init__(self, *, confidence_level: float, method: str, lang: str | None,
                 answers_url: str) -> None:
        self.confidence_level = confidence_level
        self.method = method
        self.lang = lang
        self.answers_url = answers_url


def _none(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def _share(count: int, n: int, options: Options) -> ShareOut:
    ci = proportion_ci(count, n, method=options.method,  # type: ignore[arg-type]
                       confidence_level=options.confidence_level)
    out = ShareOut(count, n, _none(ci.estimate), _none(ci.ci_low), _none(ci.ci_high))
    if options.lang is not None:
        out.share_text = format_percent(ci.estimate, options.lang)
        out.ci_text = format_percent_range(ci.ci_low, ci.ci_high, options.lang)
    return out


def _choice(value: Any, label: str, count: int, n: int, options: Options) -> ChoiceOut:
    share = _share(count, n, options)
    return ChoiceOut(value, label, count, share.share, share.ci_low, share.ci_high,
                     share.share_text, share.ci_text)


def _numeric(values: Mapping[str, int]) -> dict[float, int]:
    out: dict[float, int] = {}
    for text, count in values.items():
        if text.startswith("@"):
            continue
        value = decode_value(text)
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[value] = out.get(value, 0) + count
    return out


def _mean(counts: Mapping[float, int], options: Options) -> MeanOut:
    result = mean_ci(counts, confidence_level=options.confidence_level)
    out = MeanOut(result.n, _none(result.mean), _none(result.sd), _none(result.ci_low),
                  _none(result.ci_high))
    if options.lang is not None and out.mean is not None:
        out.mean_text = format_number(result.mean, options.lang, digits=2)
    return out


def _choices(question: Question, values: Mapping[str, int], n: int,
             options: Options) -> list[ChoiceOut]:
    lang = options.lang or "vi"
    out = []
    known = set()
    for choice in question.choices:
        text = encode_value(choice.value)
        known.add(text)
        out.append(_choice(choice.value, choice.label(lang), values.get(text, 0), n, options))
    for text, count in values.items():  # answers to options since removed from the labels
        if not text.startswith("@") and text not in known:
            value = decode_value(text)
            out.append(_choice(value, str(value), count, n, options))
    return out


def _ordered(question: Question) -> bool:
    kind = question.spec.kind if question.spec else ""
    return kind in ("rating", "nps") and all(
        isinstance(c.value, int) and not isinstance(c.value, bool) for c in question.choices)


def _top_two(question: Question, values: Mapping[str, int], n: int,
             options: Options) -> ShareOut | None:
    levels = sorted(c.value for c in question.choices if isinstance(c.value, int))
    if len(levels) < 3:
        return None
    top = sum(values.get(encode_value(level), 0) for level in levels[-2:])
    return _share(top, n, options)


def _quartiles(numbers: Mapping[float, int]) -> QuartilesOut:
    spread = quartiles(numbers)
    return QuartilesOut(_none(spread.minimum), _none(spread.q1), _none(spread.median),
                        _none(spread.q3), _none(spread.maximum))


def _nps(values: Mapping[str, int], options: Options) -> NpsOut:
    groups = [0, 0, 0]
    for score, count in _numeric(values).items():
        groups[0 if score >= 9 else 1 if score >= 7 else 2] += count
    n = sum(groups)
    result = net_promoter_score(*groups, confidence_level=options.confidence_level)
    out = NpsOut(_none(result.score), _none(result.ci_low), _none(result.ci_high),
                 result.method, *(_share(count, n, options) for count in groups))
    if options.lang is not None and out.score is not None:
        out.score_text = format_number(result.score, options.lang, digits=1)
    return out


def question_result(
    question: Question, versions: list[int], values: Mapping[str, int], *, responses: int,
    split: bool, changes: list[str], options: Options,
) -> QuestionResultOut:
    """The block of ``question`` over ``versions``, from its summed ``values`` counts."""
    kind = question.spec.kind if question.spec is not None else "text"
    hidden = values.get(HIDDEN, 0)
    shown = responses - hidden
    if kind in ("multiple_choice", "text"):
        answered = values.get(ANSWERED, 0)
    else:
        answered = sum(count for text, count in values.items() if not text.startswith("@"))
    lang = options.lang or "vi"
    out = QuestionResultOut(
        key=question.name, title=question.title(lang), kind=kind, widget=question.widget,
        versions=versions, split=split, responses=responses, shown=shown, answered=answered,
        skipped=max(shown - answered, 0), conditional=question.show_if is not None,
        denominator=translate(lang, "n = those shown the question"), changes=changes)
    if kind in CLOSED or kind == "multiple_choice":
        out.choices = _choices(question, values, answered, options)
    if kind in CLOSED and _ordered(question):
        out.ordered = True
        out.mean = _mean(_numeric(values), options)
        out.quartiles = _quartiles(_numeric(values))
        if kind != "nps":
            out.top_two_box = _top_two(question, values, answered, options)
    if kind == "nps":
        out.nps = _nps(values, options)
    if kind == "number":
        numbers = _numeric(values)
        out.mean = _mean(numbers, options)
        out.quartiles = _quartiles(numbers)
        bins = histogram(numbers)
        out.histogram = HistogramOut(list(bins.edges), list(bins.counts))
    if kind == "multiple_choice":
        chosen = sorted((int(text[len(CHOSEN):]), count) for text, count in values.items()
                        if text.startswith(CHOSEN))
        out.chosen = [ChosenOut(k, count) for k, count in chosen]
        total = sum(count for _, count in chosen)
        out.mean_chosen = sum(k * count for k, count in chosen) / total if total else None
    if kind == "text":
        out.answers_url = options.answers_url
    return out
