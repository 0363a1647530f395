"""The sample-size calculator, and a quarter's sample shared among services.

The population is given, or counted as the dossiers returned in the period
(``dossier_month``); the allocation across services uses those counts and,
for Neyman allocation, each service's satisfaction rate among the answers
linked to its dossiers (the expected rate where it had fewer than 30).
"""

from __future__ import annotations

from typing import Any

from analytics import (
    ALLOCATION_METHODS,
    allocate_sample,
    sample_size_proportion,
    sample_size_sipas,
)
from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.errors import InvalidInput
from forms_service.reports.change_schemas import AllocationOut, SampleSizeReportOut
from forms_service.reports.params import (
    check_confidence_level,
    check_locale,
    check_period,
    month_range,
    resolve_scope,
)
from forms_service.reports.sql import Where

__all__ = ["sample_size_report"]

RATED_ENOUGH = 30
GROUPS = ("service", "unit")


def _proportion(value: Any, name: str, low: float, high: float, least: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            low < float(value) < high) or float(value) < least:
        raise InvalidInput("{name} must be a proportion between {low} and {high} "
                           "(exclusive), such as 0.05 for 5 points.", name=name,
                           low=str(least or low), high=str(high))
    return float(value)


async def sample_size_report(
    ctx: Context, principal: Principal, *, agency: str | None = None,
    period: str | None = None, population: int | None = None, margin_of_error: float = 0.05,
    confidence_level: float = 0.95, expected_rate: float = 0.9,
    allocation: str = "proportional", locale: str | None = None, group_by: str = "service",
) -> SampleSizeReportOut:
    """Answers needed (SIPAS and proportion-based) and their allocation across services
    (or units)."""
    e = _proportion(margin_of_error, "margin_of_error", 0.0, 0.5, least=0.001)
    p = _proportion(expected_rate, "expected_rate", 0.0, 1.0)
    level = check_confidence_level(confidence_level)
    if allocation not in ALLOCATION_METHODS:
        raise InvalidInput("allocation must be proportional or neyman.")
    if group_by not in GROUPS:
        raise InvalidInput("group_by must be service or unit (the unit that served).")
    if population is not None and (isinstance(population, bool) or not isinstance(
            population, int) or not 1 <= population <= 100_000_000):
        raise InvalidInput("population must be a whole number from 1 to 100000000.")
    chosen = check_period(period)
    lang = check_locale(locale)
    scope = await resolve_scope(principal, agency)
    where = Where()
    if scope.agency_id is not None:
        where.add("d.agency = {}", scope.agency_id)
    months = month_range(chosen)
    if months is not None:
        where.add("d.month >= {}", months[0]).add("d.month <= {}", months[1])
    if group_by == "unit":
        where.add("d.unit IS NOT NULL")
        sql = ("SELECT ag.code AS agency, u.code AS member, u.name AS name, "
               "SUM(d.returned) AS returned, SUM(d.answered_rated) AS rated, "
               "SUM(d.answered_satisfied) AS satisfied FROM dossier_month d "
               f"JOIN unit u ON u.id = d.unit JOIN agency ag ON ag.id = d.agency{where.sql()} "
               "GROUP BY ag.code, u.code, u.name ORDER BY ag.code, u.code")
    else:
        sql = ("SELECT sa.code AS agency, s.code AS member, s.name AS name, "
               "SUM(d.returned) AS returned, SUM(d.answered_rated) AS rated, "
               "SUM(d.answered_satisfied) AS satisfied FROM dossier_month d "
               f"JOIN service s ON s.id = d.service JOIN agency sa ON sa.id = s.agency"
               f"{where.sql()} GROUP BY sa.code, s.code, s.name ORDER BY sa.code, s.code")
    rows = await ctx.db.raw(sql, *where.args)
    served = {f"{r['agency']}/{r['member']}": r for r in rows if int(r["returned"] or 0)}
    size = population if population is not None else sum(
        int(r["returned"]) for r in served.values())
    # without a population (no dossiers returned, none given): the size for a large one
    needed = sample_size_proportion(e, confidence_level=level, expected_rate=p,
                                    population=size or None)
    rates = {key: int(r["satisfied"] or 0) / int(r["rated"]) for key, r in served.items()
             if int(r["rated"] or 0) >= RATED_ENOUGH}
    shares = allocate_sample(needed, {k: int(r["returned"]) for k, r in served.items()},
                             method=allocation,  # type: ignore[arg-type]
                             expected_rates=rates, expected_rate=p) if served else ()
    return SampleSizeReportOut(
        agency=scope.agency_code, period=str(chosen) if chosen else None, population=size,
        margin_of_error=e, confidence_level=level, expected_rate=p,
        sipas_sample_size=sample_size_sipas(size, e) if size else None, sample_size=needed,
        allocation_method=allocation, group_by=group_by,
        allocation=[AllocationOut(key=str(a.stratum), label=str(served[a.stratum]["name"]),
                                  returned=a.population, expected_rate=a.expected_rate,
                                  sample_size=a.sample_size) for a in shares],
        locale=lang)
