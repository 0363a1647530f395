"""The body of a form's results: one block per question (and version group).

Proportions are raw values in [0, 1], a missing value is ``null``; with
``locale`` the ``*_text`` fields carry them formatted for people.
"""

from __future__ import annotations

import msgspec

__all__ = [
    "CategoryOut",
    "ChoiceOut",
    "ChosenOut",
    "CrossTabOut",
    "ElementOut",
    "FiltersOut",
    "HistogramOut",
    "IndexRowOut",
    "IndicesOut",
    "MeanOut",
    "NpsOut",
    "OverallOut",
    "QuartilesOut",
    "QuestionResultOut",
    "ResultsOut",
    "ShareOut",
]


class Out(msgspec.Struct, omit_defaults=True):
    """Base of the bodies: fields without a value are left out."""


class ShareOut(Out):
    """A share of those who answered, with its interval."""

    count: int
    n: int
    share: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    share_text: str | None = None
    ci_text: str | None = None


class ChoiceOut(Out):
    """One option: how many chose it, and their share of those who answered."""

    value: float | str | bool  # a whole number stays one: "number" covers it
    label: str
    count: int
    share: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    share_text: str | None = None
    ci_text: str | None = None


class MeanOut(Out):
    """A mean with its t interval."""

    n: int
    mean: float | None = None
    sd: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    mean_text: str | None = None


class QuartilesOut(Out):
    minimum: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    maximum: float | None = None


class HistogramOut(Out):
    """Counts in bins: ``edges`` has one more item than ``counts``."""

    edges: list[float]
    counts: list[int]


class ChosenOut(Out):
    """How many respondents chose ``chosen`` options of a multiple-choice question."""

    chosen: int
    count: int


class NpsOut(Out):
    """The Net Promoter Score (points, −100 to 100) with its interval."""

    score: float | None
    ci_low: float | None
    ci_high: float | None
    method: str
    promoters: ShareOut
    passives: ShareOut
    detractors: ShareOut
    score_text: str | None = None


class QuestionResultOut(Out):
    """One question over the versions of one group.

    ``shown`` is the number of respondents shown the question (those for
    whom its condition held): the ``n`` of its shares is those who
    answered among them, never all respondents.
    """

    key: str
    title: str
    kind: str
    widget: str
    versions: list[int]
    split: bool
    responses: int
    shown: int
    answered: int
    skipped: int
    conditional: bool
    denominator: str
    changes: list[str]
    choices: list[ChoiceOut] = []
    ordered: bool = False
    mean: MeanOut | None = None
    top_two_box: ShareOut | None = None
    quartiles: QuartilesOut | None = None
    histogram: HistogramOut | None = None
    chosen: list[ChosenOut] = []
    mean_chosen: float | None = None
    nps: NpsOut | None = None
    answers_url: str | None = None


class FiltersOut(Out):
    period: str | None = None
    since: str | None = None
    until: str | None = None
    service: str | None = None
    channel: str | None = None
    audience: str | None = None
    unit: str | None = None
    officer: str | None = None


class ResultsOut(Out):
    """Every question of a form, answered over its published versions."""

    form: str
    agency: str
    title: str
    responses: int
    versions: list[int]
    filters: FiltersOut
    confidence_level: float
    method: str
    questions: list[QuestionResultOut]
    locale: str | None = None


class ElementOut(Out):
    """One element (a named group of questions) of a group's index."""

    key: str
    title: str
    questions: list[str]
    n: int
    index: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    method: str | None = None
    mean_score: float | None = None
    alpha: float | None = None
    alpha_ci_low: float | None = None
    alpha_ci_high: float | None = None
    alpha_n: int | None = None
    index_text: str | None = None
    ci_text: str | None = None


class OverallOut(Out):
    """The mean of the element indices, with its interval (``method``: delta)."""

    elements: int
    index: float | None = None
    se: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    method: str = "delta"
    index_text: str | None = None
    ci_text: str | None = None


class IndexRowOut(Out):
    """The indices of one group (a form, service or agency)."""

    key: str
    label: str
    responses: int
    elements: list[ElementOut]
    overall: OverallOut
    rank: int | None = None
    grade: str | None = None


class IndicesOut(Out):
    """Satisfaction indices per element and overall, per group, ranked."""

    group_by: str
    confidence_level: float
    interval_method: str
    rows: list[IndexRowOut]
    agency: str | None = None
    form: str | None = None
    period: str | None = None
    locale: str | None = None


class CategoryOut(Out):
    """A row or column of a cross-tabulation: its code and label."""

    value: str
    label: str


class CrossTabOut(Out):
    """A closed question by a group or by another closed question."""

    form: str
    question: str
    by: str
    rows: list[CategoryOut]
    columns: list[CategoryOut]
    counts: list[list[int]]
    row_shares: list[list[float | None]]
    column_shares: list[list[float | None]]
    n: int
    dof: int
    small_expected: bool
    statistic: float | None = None
    pvalue: float | None = None
    cramers_v: float | None = None
    min_expected: float | None = None
    exact_pvalue: float | None = None
    exact_method: str | None = None
    resamples: int | None = None
    warning: str | None = None
    period: str | None = None
    locale: str | None = None
