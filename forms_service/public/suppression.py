"""Which satisfaction figures of a public page are hidden, consistently over
every period a reader can ask for.

A reader can open an agency's page for all time, a year, a quarter or a
month, so one service's counts form a table of cells (months, quarters,
years, all time) tied by sums.  Cells under ``PHIEU_PUBLIC_MIN_ANSWERS`` are
hidden, and so are the further cells :func:`analytics.suppression.complementary_suppression`
picks so that no hidden cell can be recomputed from the shown ones (a
year minus eleven shown months).  Computed from the monthly aggregates of
the agency, per service, each time a page is rendered.
"""

from __future__ import annotations

from collections import defaultdict

from analytics.suppression import complementary_suppression
from forms_service.context import Context

__all__ = ["ALL_TIME", "hidden_cells"]

#: the cell of the page without a period
ALL_TIME = "*"

_MONTHS = (
    "SELECT s.code AS service, a.period AS month, SUM(a.satisfaction_answered) AS n "
    "FROM response_aggregate a JOIN service s ON s.id = a.service "
    "WHERE a.agency = {} AND a.span = 'month' AND a.service <> 0 "
    "AND a.satisfaction_answered > 0 GROUP BY s.code, a.period"
)


def _table(months: dict[str, int]) -> tuple[dict[str, int], list[tuple[str, list[str]]]]:
    """Every cell of one service (from its monthly counts) and the sums that tie them."""
    cells: dict[str, int] = dict(months)
    quarters: dict[str, list[str]] = defaultdict(list)
    years: dict[str, set[str]] = defaultdict(set)
    for month in months:
        year, number = month[:4], int(month[5:7])
        quarter = f"{year}-Q{(number - 1) // 3 + 1}"
        quarters[quarter].append(month)
        years[year].add(quarter)
    relations: list[tuple[str, list[str]]] = []
    for quarter, members in quarters.items():
        cells[quarter] = sum(months[m] for m in members)
        relations.append((quarter, sorted(members)))
    for year, members in years.items():
        cells[year] = sum(cells[q] for q in members)
        relations.append((year, sorted(members)))
        relations.append((year, sorted(m for m in months if m.startswith(year))))
    cells[ALL_TIME] = sum(cells[y] for y in years)
    relations.append((ALL_TIME, sorted(years)))
    return cells, relations


async def hidden_cells(ctx: Context, agency_id: int, minimum: int) -> set[tuple[str, str]]:
    """``(service code, period)`` of every satisfaction cell to hide (``period`` as
    ``str(Period)``, or :data:`ALL_TIME`)."""
    rows = await ctx.db.raw(_MONTHS, agency_id)
    by_service: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        by_service[str(row["service"])][str(row["month"])] = int(row["n"])
    hidden: set[tuple[str, str]] = set()
    for service, months in by_service.items():
        cells, relations = _table(months)
        small = {key for key, n in cells.items() if 0 < n < minimum}
        if small:
            hidden |= {(service, key) for key in
                       complementary_suppression(cells, relations, small)}
    return hidden
