"""The sample-size calculator and the allocation of a sample across services."""

from __future__ import annotations

from typing import Any

from forms_service.i18n import N_
from forms_service.reports.change_schemas import SampleSizeReportOut
from forms_service.reports.parameters import AGENCY, CONFIDENCE_LEVEL, LOCALE, PERIOD_PARAM
from forms_service.reports.spec import Param, ReportSpec, Table, column

__all__ = ["COLUMNS", "SPEC"]

POPULATION = Param("population", int, None, minimum=1, maximum=100_000_000,
                   description="People or dossiers served (default: the dossiers returned "
                   "in period)")
MARGIN = Param("margin_of_error", float, 0.05, minimum=0.001, exclusive_maximum=0.5,
               description="Half-width of the interval, as a proportion (0.05 for 5 points)")
EXPECTED = Param("expected_rate", float, 0.9, exclusive_minimum=0, exclusive_maximum=1,
                 description="Satisfaction rate expected (0.5 is the most cautious)")
ALLOCATION = Param("allocation", str, "proportional", enum=("proportional", "neyman"),
                   max_length=20, description="proportional or neyman")

GROUP_BY = Param("group_by", str, "service", enum=("service", "unit"), max_length=10,
                 description="Share the sample across services, or across the units that "
                 "served")

COLUMNS = (
    column("key", N_("Key"), "code"),
    column("label", N_("Group"), "label"),
    column("returned", N_("Dossiers returned"), "integer"),
    column("expected_rate", N_("Expected rate"), "number"),
    column("sample_size", N_("Answers to collect"), "integer"),
)


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """One row per service (or unit): its share of the sample."""
    title = N_("Sample by unit") if data.get("group_by") == "unit" else N_("Sample by service")
    return [Table("allocation", title, COLUMNS, data["allocation"])]


SPEC = ReportSpec(
    name="sample-size",
    order=90,
    summary="Answers needed (SIPAS and for a margin of error) and their allocation",
    download_summary="The sample sizes by service as {formats} (analyst)",
    params=(AGENCY, PERIOD_PARAM, POPULATION, MARGIN, CONFIDENCE_LEVEL, EXPECTED, ALLOCATION,
            LOCALE, GROUP_BY),
    build="forms_service.reports.sampling:sample_size_report",
    output=SampleSizeReportOut,
    tables=tables,
)
