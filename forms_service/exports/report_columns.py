"""The columns of the report exports: where each value is, its header and kind.

One tuple of :class:`Spec` per table of :mod:`forms_service.exports.reports`;
keys are dotted paths into the report's API body (``evidence.satisfaction.rate``),
headers English msgids translated when the file is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms_service.errors import N_

__all__ = [
    "BEFORE_AFTER",
    "EFFECTS",
    "EXCELLENCE",
    "GRADES",
    "ONLINE_RATE",
    "RANKINGS",
    "REACH",
    "SATISFACTION",
    "WORDS",
    "Spec",
]


@dataclass(frozen=True)
class Spec:
    """A column of a report table: where its value is, its header and kind."""

    key: str
    header: str
    kind: str = "text"
    optional: bool = False  # left out when no row has a value
    formatted: bool = False  # a number formatted by the report: safe for spreadsheets


def _s(key: str, header: str, kind: str = "text", *, optional: bool = False) -> Spec:
    return Spec(key, header, kind, optional)


def _f(key: str, header: str) -> Spec:
    return Spec(key, header, "text", formatted=True)


_RATE = N_("Rate")
_LOW = N_("Interval, lower bound")
_HIGH = N_("Interval, upper bound")
_RATE_TEXT = N_("Rate (formatted)")
_CI_TEXT = N_("Interval (formatted)")

SATISFACTION = (
    _s("period", N_("Period"), "code", optional=True),
    _s("key", N_("Key"), "code"),
    _s("label", N_("Group"), "label"),
    _s("service", N_("Service code"), "code", optional=True),
    _s("service_name", N_("Service"), optional=True),
    _s("agency", N_("Agency code"), "code", optional=True),
    _s("agency_name", N_("Agency"), optional=True),
    _s("form", N_("Form"), "code", optional=True),
    _s("version", N_("Form version"), "integer", optional=True),
    _s("audience", N_("Audience"), "code", optional=True),
    _s("n", N_("Answers"), "integer"),
    _s("satisfied", N_("Satisfied"), "integer"),
    _s("rate", _RATE, "number"),
    _s("ci_low", _LOW, "number"),
    _s("ci_high", _HIGH, "number"),
    _s("pvalue", N_("p-value"), "number"),
    _s("pvalue_adjusted", N_("Adjusted p-value"), "number"),
    _s("verdict", N_("Verdict code"), "code"),
    _s("verdict_text", N_("Verdict"), "label"),
    _s("rank", N_("Rank"), "integer"),
    _s("shrunk_rate", N_("Shrunk rate"), "number"),
    _f("rate_text", _RATE_TEXT),
    _f("ci_text", _CI_TEXT),
    _f("shrunk_rate_text", N_("Shrunk rate (formatted)")),
)

EXCELLENCE = (
    _s("section", N_("Section"), "code"),
    _s("section_text", N_("List"), "label"),
    _s("position", N_("Position"), "integer"),
    _s("service", N_("Service code"), "code"),
    _s("name", N_("Service"), "text"),
    _s("audience", N_("Audience"), "code"),
    _s("delivery", N_("Delivery"), "code"),
    _s("criteria", N_("Criteria codes"), "code"),
    _s("criteria_text", N_("Criteria"), "label"),
    _s("reason", N_("Reason code"), "code"),
    _s("reason_text", N_("Reason"), "label"),
    _s("evidence.online_dossiers", N_("Online dossiers"), "integer"),
    _s("evidence.total_dossiers", N_("Total dossiers"), "integer"),
    _s("evidence.online_share", N_("Online share"), "number"),
    _f("evidence.online_share_text", N_("Online share (formatted)")),
    _s("evidence.online_rank", N_("Rank by online dossiers"), "integer"),
    _s("evidence.satisfaction.n", N_("Answers"), "integer"),
    _s("evidence.satisfaction.satisfied", N_("Satisfied"), "integer"),
    _s("evidence.satisfaction.rate", _RATE, "number"),
    _f("evidence.satisfaction.rate_text", _RATE_TEXT),
    _s("evidence.satisfaction.pvalue", N_("p-value"), "number"),
    _s("evidence.satisfaction.lower_bound", N_("Lower confidence bound"), "number"),
    _s("evidence.satisfaction.verdict", N_("Verdict code"), "code"),
    _s("evidence.satisfaction.verdict_text", N_("Verdict"), "label"),
    _s("evidence.savings.note", N_("Savings"), "text"),
    _s("evidence.savings.cost_saving_vnd", N_("Cost saving (VND)"), "integer"),
    _s("evidence.savings.time_saving_hours", N_("Time saving (hours)"), "number"),
)

ONLINE_RATE = (
    _s("agency", N_("Agency code"), "code"),
    _s("agency_name", N_("Agency"), "text"),
    _s("service", N_("Service code"), "code", optional=True),
    _s("service_name", N_("Service"), "text", optional=True),
    _s("period", N_("Period"), "code"),
    _s("total", N_("Total dossiers"), "integer"),
    _s("online", N_("Online dossiers"), "integer"),
    _s("self_submitted", N_("Submitted personally"), "integer"),
    _s("target", N_("Target"), "number"),
    _s("online_share", N_("Online share"), "number"),
    _s("online_ci_low", _LOW, "number"),
    _s("online_ci_high", _HIGH, "number"),
    _s("gap_points", N_("Gap to target (points)"), "number"),
    _s("meets_target", N_("Meets the target"), "flag"),
    _s("self_share", N_("Share submitted personally"), "number"),
    _s("self_ci_low", N_("Share submitted personally, lower bound"), "number"),
    _s("self_ci_high", N_("Share submitted personally, upper bound"), "number"),
    _f("online_share_text", N_("Online share (formatted)")),
    _f("online_ci_text", _CI_TEXT),
    _f("gap_points_text", N_("Gap to target (formatted)")),
    _f("self_share_text", N_("Share submitted personally (formatted)")),
    _f("self_ci_text", N_("Interval of the share submitted personally (formatted)")),
    _f("target_text", N_("Target (formatted)")),
)

REACH = (
    _s("channel", N_("Channel code"), "code"),
    _s("label", N_("Channel"), "label"),
    _s("reached", N_("Reached"), "integer"),
    _s("share", N_("Share"), "number"),
    _s("ci_low", _LOW, "number"),
    _s("ci_high", _HIGH, "number"),
    _f("share_text", N_("Share (formatted)")),
    _f("ci_text", _CI_TEXT),
)


_PARTS = (N_("successes"), N_("answers"), N_("rate"), N_("lower bound"), N_("upper bound"),
          N_("rate (formatted)"))


def _rate_columns(prefix: str, group: str) -> tuple[Spec, ...]:
    """A rate with its interval among ``group``: headers "Reached: rate" …"""
    successes, answers, rate, low, high, text = _PARTS
    return (
        _s(f"{prefix}.successes", f"{group}: {successes}", "integer"),
        _s(f"{prefix}.n", f"{group}: {answers}", "integer"),
        _s(f"{prefix}.rate", f"{group}: {rate}", "number"),
        _s(f"{prefix}.ci_low", f"{group}: {low}", "number"),
        _s(f"{prefix}.ci_high", f"{group}: {high}", "number"),
        _f(f"{prefix}.rate_text", f"{group}: {text}"),
    )


_DIFFERENCE = (
    _s("difference.difference", N_("Difference"), "number"),
    _s("difference.ci_low", N_("Difference, lower bound"), "number"),
    _s("difference.ci_high", N_("Difference, upper bound"), "number"),
    _s("difference.statistic", N_("Test statistic"), "number"),
    _s("difference.pvalue", N_("p-value"), "number"),
    _f("difference.difference_text", N_("Difference (formatted)")),
    _f("difference.ci_text", N_("Interval of the difference (formatted)")),
)

EFFECTS = (
    _s("channel", N_("Channel code"), "code"),
    _s("channel_label", N_("Channel"), "label"),
    _s("outcome", N_("Outcome code"), "code"),
    _s("outcome_label", N_("Outcome"), "label"),
    *_rate_columns("reached", N_("Among reached")),
    *_rate_columns("not_reached", N_("Among not reached")),
    *_DIFFERENCE,
    _s("chi_square", N_("Chi-square"), "number"),
    _s("chi_square_pvalue", N_("Chi-square p-value"), "number"),
    _s("cramers_v", N_("Cramér's V"), "number"),
)

BEFORE_AFTER = (
    _s("outcome", N_("Outcome code"), "code"),
    _s("outcome_label", N_("Outcome"), "label"),
    *_rate_columns("before", N_("Before")),
    *_rate_columns("after", N_("After")),
    *_DIFFERENCE,
)

RANKINGS = (
    _s("kind", N_("Agency kind"), "code"),
    _s("title", N_("Table"), "label"),
    _s("rank", N_("Rank"), "integer"),
    _s("agency", N_("Agency code"), "code"),
    _s("name", N_("Agency"), "text"),
    _s("score", N_("Score"), "number"),
    _s("grade", N_("Grade"), "code"),
)

GRADES = (
    _s("kind", N_("Agency kind"), "code"),
    _s("title", N_("Table"), "label"),
    _s("grade", N_("Grade"), "code"),
    _s("count", N_("Agencies"), "integer"),
    _s("share", N_("Share"), "number"),
    _s("line", N_("Line of the appendix"), "label"),
)

# outcome and section words printed by ``phieu report`` (forms_service.reports.render)
WORDS = {
    "citizen": N_("Nominated for citizens"), "business": N_("Nominated for businesses"),
    "excluded": N_("Left out"), "self_submitted": N_("Submitted personally"),
    "satisfied": N_("Satisfied"),
}
