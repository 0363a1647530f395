"""Satisfaction indices (SIPAS): element indices, the overall index, alpha, ranks."""

from __future__ import annotations

from typing import Any

from forms_service.i18n import N_
from forms_service.reports.parameters import AGENCY, CONFIDENCE_LEVEL, FORM, LOCALE, PERIOD_PARAM
from forms_service.reports.spec import Param, ReportSpec, Table, column, formatted
from forms_service.results.schemas import IndicesOut

__all__ = ["GROUP_BY", "SPEC"]

GROUP_BY = Param("group_by", str, "form",
                 description="form, service, agency, unit (answers credited to a unit, "
                             "merged units under their successor), or a period: month, "
                             "quarter, year",
                 max_length=10,
                 enum=("form", "service", "agency", "unit", "month", "quarter", "year"))

ROW_COLUMNS = (
    column("rank", N_("Rank"), "integer"),
    column("key", N_("Key"), "code"),
    column("label", N_("Group"), "label"),
    column("responses", N_("Responses"), "integer"),
    column("overall.index", N_("Overall index"), "number"),
    column("overall.ci_low", N_("Interval, lower bound"), "number"),
    column("overall.ci_high", N_("Interval, upper bound"), "number"),
    column("grade", N_("Grade"), "code"),
    formatted("overall.index_text", N_("Overall index (formatted)")),
)
ELEMENT_COLUMNS = (
    column("key", N_("Key"), "code"),
    column("label", N_("Group"), "label"),
    column("element", N_("Element"), "code"),
    column("title", N_("Element title"), "label"),
    column("n", N_("Respondents"), "integer"),
    column("index", N_("Index"), "number"),
    column("ci_low", N_("Interval, lower bound"), "number"),
    column("ci_high", N_("Interval, upper bound"), "number"),
    column("method", N_("Interval method"), "code"),
    column("mean_score", N_("Mean score"), "number"),
    column("alpha", N_("Cronbach's alpha"), "number", optional=True),
    column("alpha_ci_low", N_("Alpha, lower bound"), "number", optional=True),
    column("alpha_ci_high", N_("Alpha, upper bound"), "number", optional=True),
    formatted("index_text", N_("Index (formatted)")),
)


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """Two tables: the groups ranked by overall index, and each group's elements."""
    elements = [{"key": row["key"], "label": row["label"], "element": element["key"],
                 **{k: v for k, v in element.items() if k != "key"}}
                for row in data["rows"] for element in row["elements"]]
    return [Table("indices", N_("Satisfaction indices"), ROW_COLUMNS, data["rows"]),
            Table("elements", N_("Elements"), ELEMENT_COLUMNS, elements)]


SPEC = ReportSpec(
    name="indices",
    order=16,
    summary="Satisfaction indices per element and overall (SIPAS), ranked and graded",
    download_summary="Satisfaction indices as {formats} (analyst)",
    params=(AGENCY, FORM, PERIOD_PARAM, CONFIDENCE_LEVEL, LOCALE, GROUP_BY),
    build="forms_service.results.indices:indices_report",
    output=IndicesOut,
    tables=tables,
)
