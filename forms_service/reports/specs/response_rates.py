"""The response-rate funnel of dossiers (AAPOR RR1) per service, unit, officer, channel,
and by invitation channel."""

from __future__ import annotations

from typing import Any

from forms_service.i18n import N_
from forms_service.reports import render
from forms_service.reports.dossier_groups import group_by_values
from forms_service.reports.dossier_schemas import ResponseRateReportOut
from forms_service.reports.parameters import AGENCY, CONFIDENCE_LEVEL, LOCALE, METHOD, PERIOD_PARAM
from forms_service.reports.spec import Param, ReportSpec, Table, column, formatted

__all__ = ["COLUMNS", "GROUP_BY", "SPEC"]

GROUP_BY = Param(
    "group_by", str, "service", max_length=20, cli_choices=False, enum=group_by_values(),
    description="service, unit, officer (the agency's analysts and admins only) or channel, "
    "optionally with a period: unit,quarter")

COLUMNS = (
    column("period", N_("Period"), "code", optional=True),
    column("key", N_("Key"), "code"),
    column("label", N_("Group"), "label"),
    column("agency", N_("Agency code"), "code"),
    column("returned", N_("Dossiers returned"), "integer"),
    column("offered", N_("Survey offered"), "integer"),
    column("opened", N_("Survey opened"), "integer"),
    column("answered", N_("Answered"), "integer"),
    column("response_rate", N_("Response rate (RR1)"), "number"),
    column("response_ci_low", N_("Interval, lower bound"), "number"),
    column("response_ci_high", N_("Interval, upper bound"), "number"),
    column("contact_rate", N_("Offered share"), "number"),
    column("open_rate", N_("Opened share"), "number"),
    column("cooperation_rate", N_("Cooperation rate (COOP1)"), "number"),
    formatted("response_rate_text", N_("Response rate (formatted)")),
    formatted("response_ci_text", N_("Interval (formatted)")),
)

CHANNEL_COLUMNS = (
    column("key", N_("Key"), "code"),
    column("channel", N_("Invitation channel"), "code"),
    column("label", N_("Channel"), "label"),
    column("agency", N_("Agency code"), "code"),
    column("returned", N_("Dossiers returned"), "integer"),
    column("selected", N_("Selected for an invitation"), "integer"),
    column("invited", N_("Invited"), "integer", optional=True),
    column("delivered", N_("Delivered"), "integer", optional=True),
    column("opened", N_("Survey opened"), "integer"),
    column("answered", N_("Answered"), "integer"),
    column("response_rate", N_("Response rate (RR1)"), "number"),
    column("response_ci_low", N_("Interval, lower bound"), "number"),
    column("response_ci_high", N_("Interval, upper bound"), "number"),
    column("invited_answer_rate", N_("Answered per invited"), "number", optional=True),
    formatted("response_rate_text", N_("Response rate (formatted)")),
    formatted("response_ci_text", N_("Interval (formatted)")),
)


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """A row per group (and period); then a row per agency and invitation channel."""
    return [Table("response-rates", N_("Response rates"), COLUMNS, data["rows"]),
            Table("invitation-channels", N_("By invitation channel"), CHANNEL_COLUMNS,
                  data["channels"])]


def text(body: ResponseRateReportOut, lang: str) -> str:
    """The funnel of each group, aligned."""
    from forms_service.i18n import translate

    headings = [translate(lang, h) for h in (
        N_("Period"), N_("Group"), N_("Dossiers returned"), N_("Survey offered"),
        N_("Survey opened"), N_("Answered"), N_("Response rate (RR1)"), N_("Interval"))]
    lines = [[r.period, r.label, r.returned, r.offered, r.opened, r.answered,
              r.response_rate_text, r.response_ci_text] for r in body.rows]
    if not lines:
        return render.tr(lang, "no_rows")
    out = render.periodless(headings, lines, right=[2, 3, 4, 5, 6])
    if body.channels:
        headings = [translate(lang, h) for h in (
            N_("Period"), N_("Invitation channel"), N_("Dossiers returned"),
            N_("Selected for an invitation"), N_("Invited"), N_("Delivered"),
            N_("Survey opened"), N_("Answered"), N_("Response rate (RR1)"))]
        lines = [["", f"{c.agency} · {c.label}", c.returned, c.selected,
                  "—" if c.invited is None else c.invited,
                  "—" if c.delivered is None else c.delivered, c.opened, c.answered,
                  c.response_rate_text or ""] for c in body.channels]
        out += "\n\n" + render.periodless(headings, lines, right=[2, 3, 4, 5, 6, 7, 8])
    return out


SPEC = ReportSpec(
    name="response-rates",
    order=60,
    summary="Response-rate funnel of dossiers: returned, offered, opened, answered (AAPOR RR1), "
            "and by invitation channel: selected, invited, delivered, opened, answered",
    download_summary="The response-rate funnel as {formats} (analyst)",
    params=(AGENCY, PERIOD_PARAM, CONFIDENCE_LEVEL, METHOD, LOCALE, GROUP_BY),
    build="forms_service.reports.response_rates:response_rate_report",
    output=ResponseRateReportOut,
    tables=tables,
    text=text,
)
