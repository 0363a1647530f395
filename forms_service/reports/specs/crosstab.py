"""Cross-tabulation of a closed question by a group or another closed question."""

from __future__ import annotations

from typing import Any

from forms_service.i18n import N_
from forms_service.reports.parameters import LOCALE, PERIOD_PARAM
from forms_service.reports.spec import Param, ReportSpec, Table, column
from forms_service.results.schemas import CrossTabOut

__all__ = ["SPEC"]

FORM = Param("form", required=True, description="Form slug", max_length=80)
QUESTION = Param("question", required=True, max_length=64,
                 description="Key of a closed single-answer question of the form")
BY = Param("by", required=True, max_length=64,
           description="service, channel, audience, unit, month, quarter, year, or the key "
           "of another closed question of the form")

CELL_COLUMNS = (
    column("row", N_("Answer code"), "code"),
    column("row_label", N_("Answer"), "label"),
    column("column", N_("Column"), "code"),
    column("column_label", N_("Column label"), "label"),
    column("count", N_("Answers"), "integer"),
    column("row_share", N_("Share of the row"), "number"),
    column("column_share", N_("Share of the column"), "number"),
)
TEST_COLUMNS = (
    column("n", N_("Answers"), "integer"),
    column("statistic", N_("Chi-square"), "number", optional=True),
    column("dof", N_("Degrees of freedom"), "integer"),
    column("pvalue", N_("p-value"), "number", optional=True),
    column("cramers_v", N_("Cramér's V"), "number", optional=True),
    column("min_expected", N_("Smallest expected count"), "number", optional=True),
    column("exact_pvalue", N_("Exact or Monte Carlo p-value"), "number", optional=True),
    column("exact_method", N_("Method of that p-value"), "code", optional=True),
)


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """The cells (one row each, with row and column percentages) and the test."""
    cells = [{"row": r["value"], "row_label": r["label"], "column": c["value"],
              "column_label": c["label"], "count": data["counts"][i][j],
              "row_share": data["row_shares"][i][j] if data["row_shares"] else None,
              "column_share": data["column_shares"][i][j] if data["column_shares"] else None}
             for i, r in enumerate(data["rows"]) for j, c in enumerate(data["columns"])]
    test = {k: data.get(k) for k in ("n", "statistic", "dof", "pvalue", "cramers_v",
                                     "min_expected", "exact_pvalue", "exact_method")}
    return [Table("cells", N_("Cross-tabulation"), CELL_COLUMNS, cells),
            Table("test", N_("Test of independence"), TEST_COLUMNS, [test])]


SPEC = ReportSpec(
    name="crosstab",
    order=17,
    summary="A closed question by service, channel, audience, period or another question",
    download_summary="A cross-tabulation as {formats} (analyst)",
    params=(FORM, QUESTION, BY, PERIOD_PARAM, LOCALE),
    build="forms_service.results.crosstab:crosstab_report",
    output=CrossTabOut,
    tables=tables,
)
