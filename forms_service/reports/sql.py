"""SQL fragments shared by the reports; valid on SQLite and PostgreSQL alike.

Placeholders are ``{}`` as in :meth:`forms_service.db.Database.raw`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analytics import Period

__all__ = [
    "NOT_COVERED",
    "Where",
    "aggregate_periods",
    "month_quarter",
    "period_of_month",
    "stat_period_expr",
]


def month_quarter(month: str) -> str:
    """SQL for the quarter (``2023-Q3``) of a ``YYYY-MM`` column expression."""
    return (
        f"substr({month}, 1, 5) || 'Q' || "
        f"CAST((CAST(substr({month}, 6, 2) AS INTEGER) + 2) / 3 AS TEXT)"
    )


def period_of_month(month: str, granularity: str) -> str:
    """SQL turning a ``YYYY-MM`` column into its month, quarter or year."""
    if granularity == "month":
        return month
    if granularity == "quarter":
        return month_quarter(month)
    return f"substr({month}, 1, 4)"


def stat_period_expr(column: str, granularity: str) -> str:
    """SQL turning a dossier-stat period (``2023-Q3`` or ``2023-07``) into ``granularity``."""
    if granularity == "month":
        return column
    if granularity == "quarter":
        return (
            f"CASE WHEN substr({column}, 6, 1) = 'Q' THEN {column} "
            f"ELSE {month_quarter(column)} END"
        )
    return f"substr({column}, 1, 4)"


@dataclass
class Where:
    """``WHERE`` conditions with their arguments, in order."""

    conditions: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)

    def add(self, condition: str, *args: Any) -> Where:
        self.conditions.append(condition)
        self.args.extend(args)
        return self

    def sql(self) -> str:
        return " WHERE " + " AND ".join(self.conditions) if self.conditions else ""


# A dossier-stat month row (alias ``d``) counts unless its service also
# recorded the whole quarter: then the quarter row counts, and adding the
# months too would count those dossiers twice.
NOT_COVERED = (
    "(substr(d.period, 6, 1) = 'Q' OR NOT EXISTS (SELECT 1 FROM dossier_stat q "
    f"WHERE q.service = d.service AND q.period = {month_quarter('d.period')}))"
)


def aggregate_periods(where: Where, period: Period | None, granularity: str | None) -> str | None:
    """Choose the aggregate rows (alias ``a``) that cover ``period``.

    Year rows serve reports over whole years (or all time) that are not
    split finer than a year; month rows serve the others. Adds the filter to
    ``where`` and returns the SQL of the period to group by (``None`` when
    ``granularity`` is ``None``).
    """
    yearly = granularity in (None, "year") and (period is None or period.kind == "year")
    if yearly:
        where.add("a.span = 'year'")
        if period is not None:
            where.add("a.period = {}", str(period.year))
        return "a.period" if granularity else None
    where.add("a.span = 'month'")
    if period is not None:
        first, last = _month_range(period)
        where.add("a.period BETWEEN {} AND {}", first, last)
    return period_of_month("a.period", granularity) if granularity else None


def _month_range(period: Period) -> tuple[str, str]:
    if period.month is not None:
        first = last = period.month
    elif period.quarter is not None:
        first, last = 3 * period.quarter - 2, 3 * period.quarter
    else:
        first, last = 1, 12
    return f"{period.year}-{first:02d}", f"{period.year}-{last:02d}"
