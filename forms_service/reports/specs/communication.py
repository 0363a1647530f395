"""Communication effectiveness (seed 002): channel reach and outcomes, before and after."""

from __future__ import annotations

from typing import Any

from forms_service.i18n import N_, translate
from forms_service.patterns import DATE, or_empty
from forms_service.reports import render
from forms_service.reports.parameters import (
    AGENCY,
    CONFIDENCE_LEVEL,
    FORM,
    LOCALE,
    PERIOD_PARAM,
)
from forms_service.reports.render import tr
from forms_service.reports.schemas import CommunicationReportOut
from forms_service.reports.spec import ColumnSpec, Param, ReportSpec, Table, column, formatted

__all__ = ["BEFORE_AFTER", "EFFECTS", "REACH", "SPEC"]

CAMPAIGN_START = Param(
    "campaign_start", description="YYYY-MM-DD (Vietnam time): adds before/after comparisons",
    max_length=20, pattern=or_empty(DATE))

_LOW = N_("Interval, lower bound")
_HIGH = N_("Interval, upper bound")
_CI_TEXT = N_("Interval (formatted)")

REACH = (
    column("channel", N_("Channel code"), "code"),
    column("label", N_("Channel"), "label"),
    column("reached", N_("Reached"), "integer"),
    column("share", N_("Share"), "percent"),
    column("ci_low", _LOW, "percent"),
    column("ci_high", _HIGH, "percent"),
    formatted("share_text", N_("Share (formatted)")),
    formatted("ci_text", _CI_TEXT),
)

_PARTS = (N_("successes"), N_("answers"), N_("rate"), N_("lower bound"), N_("upper bound"),
          N_("rate (formatted)"))


def _rate_columns(prefix: str, group: str) -> tuple[ColumnSpec, ...]:
    """A rate with its interval among ``group``: headers "Reached: rate" …"""
    successes, answers, rate, low, high, text = _PARTS
    return (
        column(f"{prefix}.successes", f"{group}: {successes}", "integer"),
        column(f"{prefix}.n", f"{group}: {answers}", "integer"),
        column(f"{prefix}.rate", f"{group}: {rate}", "percent"),
        column(f"{prefix}.ci_low", f"{group}: {low}", "percent"),
        column(f"{prefix}.ci_high", f"{group}: {high}", "percent"),
        formatted(f"{prefix}.rate_text", f"{group}: {text}"),
    )


_DIFFERENCE = (
    column("difference.difference", N_("Difference"), "percent"),
    column("difference.ci_low", N_("Difference, lower bound"), "percent"),
    column("difference.ci_high", N_("Difference, upper bound"), "percent"),
    column("difference.statistic", N_("Test statistic"), "number"),
    column("difference.pvalue", N_("p-value"), "number"),
    formatted("difference.difference_text", N_("Difference (formatted)")),
    formatted("difference.ci_text", N_("Interval of the difference (formatted)")),
)

EFFECTS = (
    column("channel", N_("Channel code"), "code"),
    column("channel_label", N_("Channel"), "label"),
    column("outcome", N_("Outcome code"), "code"),
    column("outcome_label", N_("Outcome"), "label"),
    *_rate_columns("reached", N_("Among reached")),
    *_rate_columns("not_reached", N_("Among not reached")),
    *_DIFFERENCE,
    column("chi_square", N_("Chi-square"), "number"),
    column("chi_square_pvalue", N_("Chi-square p-value"), "number"),
    column("cramers_v", N_("Cramér's V"), "number"),
)

BEFORE_AFTER = (
    column("outcome", N_("Outcome code"), "code"),
    column("outcome_label", N_("Outcome"), "label"),
    *_rate_columns("before", N_("Before")),
    *_rate_columns("after", N_("After")),
    *_DIFFERENCE,
)


def _outcome(lang: str, outcome: str) -> str:
    return translate(lang, render.WORDS.get(outcome, outcome))


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """Reach per channel, outcomes by channel, and (with a campaign) before and after."""
    labels = {r["channel"]: r["label"] for r in data["reach"]}
    effects = [{**e, "channel_label": labels.get(e["channel"], e["channel"]),
                "outcome_label": _outcome(lang, e["outcome"])} for e in data["effects"]]
    out = [Table("reach", N_("Reach"), REACH, data["reach"]),
           Table("effects", N_("Outcomes by channel"), EFFECTS, effects)]
    if data.get("campaign_start"):
        compared = [{**c, "outcome_label": _outcome(lang, c["outcome"])}
                    for c in data["before_after"]]
        out.append(Table("before_after", N_("Before and after"), BEFORE_AFTER, compared))
    return out


def rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A row per channel and outcome with the channel's reach
    (``phieu report communication --format csv``)."""
    reach = {r["channel"]: r for r in data["reach"]}
    return [{"channel": e["channel"], "reached": reach[e["channel"]]["reached"],
             "reach_share": reach[e["channel"]]["share"],
             **render.flatten({k: v for k, v in e.items() if k != "channel"})}
            for e in data["effects"]]


def text(body: CommunicationReportOut, lang: str) -> str:
    """Reach, outcomes by channel and before/after, each aligned."""
    parts = [f"{tr(lang, 'respondents')}: {body.n}", ""]
    lines = [[r.label, r.reached, r.share_text, r.ci_text] for r in body.reach]
    headings = [tr(lang, w) for w in ("channel", "reached", "share", "interval")]
    parts.append(render.table(headings, lines, right=[1, 2]) if lines else tr(lang, "no_rows"))
    labels = {r.channel: r.label for r in body.reach}
    effects = [[labels.get(e.channel, e.channel), tr(lang, e.outcome), e.reached.rate_text,
                e.not_reached.rate_text, e.difference.difference_text, e.difference.ci_text,
                render.pvalue(e.difference.pvalue, lang)] for e in body.effects]
    if effects:
        headings = [tr(lang, w) for w in ("channel", "outcome", "reached_rate",
                                          "not_reached_rate", "difference", "interval",
                                          "pvalue")]
        parts += ["", render.table(headings, effects, right=[2, 3, 4, 6])]
    if body.before_after:
        lines = [[tr(lang, c.outcome), c.before.rate_text, c.after.rate_text,
                  c.difference.difference_text, c.difference.ci_text,
                  render.pvalue(c.difference.pvalue, lang)]
                 for c in body.before_after]
        headings = [tr(lang, w) for w in ("outcome", "before", "after", "difference",
                                          "interval", "pvalue")]
        parts += ["", f"{body.campaign_start}", render.table(headings, lines, right=[1, 2, 3, 5])]
    return "\n".join(parts)


SPEC = ReportSpec(
    name="communication",
    order=40,
    summary="Channel reach and outcomes among reached and not reached",
    download_summary="The communication report as a file (analyst)",
    params=(AGENCY, FORM, PERIOD_PARAM, CONFIDENCE_LEVEL, LOCALE, CAMPAIGN_START),
    build="forms_service.reports.communication:communication_report",
    output=CommunicationReportOut,
    tables=tables,
    text=text,
    rows=rows,
)
