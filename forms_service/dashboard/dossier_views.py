"""The dashboard page of the dossier reports: response rates, timeliness, units.

One page, ``/dashboard/response-rates``: the funnel of returned dossiers per
service, unit, channel or officer (officers only for those who may see
them), and beside it, for services and units, satisfaction on time against
late, and for units and officers their satisfaction with shrunk ranks. The
numbers are those of the reports of the registry, called with the person's
principal, so the page, the API and the downloads agree.
"""

from __future__ import annotations

from typing import Any

from forms_service.auth import Principal
from forms_service.charts import Bar, interval_bars
from forms_service.context import Context
from forms_service.dashboard.views import Filters
from forms_service.errors import PhieuError
from forms_service.i18n import N_, translate
from forms_service.reports import response_rates, timeliness, unit_satisfaction
from forms_service.reports.dossier_groups import require_officer_access

__all__ = ["GROUPS", "dossier_view", "groups_for"]

#: the groupings the page offers, in order, with their names
GROUPS = (("service", N_("Service")), ("unit", N_("Unit")), ("channel", N_("Channel")),
          ("officer", N_("Officer")))


def groups_for(person: Principal) -> list[tuple[str, str]]:
    """The groupings ``person`` may choose (officers only for those who may see them)."""
    try:
        require_officer_access(person)
    except PhieuError:
        return [item for item in GROUPS if item[0] != "officer"]
    return list(GROUPS)


async def dossier_view(
    ctx: Context, reader: Principal, person: Principal, filters: Filters, lang: str
) -> dict[str, Any]:
    """The page's reports and chart; ``person`` is who is signed in (officer figures)."""
    # by unit for a person limited to a unit: the service figures cover the whole agency
    group = filters.group_by or ("unit" if reader.is_unit_scoped else "service")
    if group.split(",")[0] == "officer":
        require_officer_access(person)  # the dashboard reads a designer as its agency's analyst
    funnel = await response_rates.response_rate_report(
        ctx, reader, group_by=group, agency=filters.agency, period=filters.period, locale=lang)
    dimension = group.split(",")[0]
    timely = await timeliness.timeliness_report(
        ctx, reader, group_by=group, agency=filters.agency, period=filters.period,
        locale=lang) if dimension in ("service", "unit") else None
    units = await unit_satisfaction.unit_satisfaction_report(
        ctx, reader, group_by=group, agency=filters.agency, period=filters.period,
        locale=lang) if dimension in ("unit", "officer") else None
    chart = interval_bars(
        [Bar(row.label + (f" ({row.period})" if row.period else ""), row.response_rate,
             row.response_ci_low, row.response_ci_high,
             text=f"{row.response_rate_text} ({row.response_ci_text}) · "
                  f"{row.answered}/{row.returned}")
         for row in funnel.rows],
        chart_id="response-rates", title=translate(lang, "Response rate (RR1)"),
        description=translate(lang, "Answers per returned dossier in each group, with the 95% "
                              "interval."),
        locale=lang) if funnel.rows else None
    return {"funnel": funnel, "timeliness": timely, "units": units, "chart": chart,
            "groups": groups_for(person), "group": group}
