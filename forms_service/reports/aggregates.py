"""Incremental response aggregates: what the reports read instead of raw rows.

Each response adds to a month row and a year row (see
:class:`forms_service.reports.tables.ResponseAggregate`).

The response store (:mod:`forms_service.responses.storage`) adds a
response's counts (``COUNTS_SQL`` over the rows it stored) in the statement
that inserts it, so the counts never drift from the rows.
``rebuild_aggregates`` recomputes every row from
the raw responses with one ``GROUP BY`` (after a bulk load, or to check the
incremental counts). Dashboards then cost the number of groups, not the
number of responses.
"""

from __future__ import annotations

from forms_service.db import Database

__all__ = [
    "CONFLICT_TARGET", "COUNTS_SQL", "COUNT_COLUMNS", "KEY_COLUMNS", "rebuild_aggregates",
]

KEY_COLUMNS = ("agency", "form", "form_version", "service", "audience", "span", "period")
COUNT_COLUMNS = (
    "responses", "satisfaction_answered", "satisfied", "self_answered", "self_submitted",
    "nps_answered", "nps_promoters", "nps_detractors",
)
# the unique index response_aggregate_key (``form`` follows from form_version)
CONFLICT_TARGET = "(agency, form_version, service, audience, span, period)"

# The same counts from the raw rows; booleans are 0/1 on SQLite and true/false
# on PostgreSQL, and CASE WHEN reads both.
COUNTS_SQL = """
    COUNT(*),
    SUM(CASE WHEN satisfied IS NULL THEN 0 ELSE 1 END),
    SUM(CASE WHEN satisfied THEN 1 ELSE 0 END),
    SUM(CASE WHEN self_submitted IS NULL THEN 0 ELSE 1 END),
    SUM(CASE WHEN self_submitted THEN 1 ELSE 0 END),
    SUM(CASE WHEN nps_score IS NULL THEN 0 ELSE 1 END),
    SUM(CASE WHEN nps_score >= 9 THEN 1 ELSE 0 END),
    SUM(CASE WHEN nps_score <= 6 THEN 1 ELSE 0 END)
"""
_KEYS_SQL = "agency, form, form_version, COALESCE(service, 0), COALESCE(audience, '')"
_REBUILD_MONTHS = (
    f"INSERT INTO response_aggregate ({', '.join(KEY_COLUMNS + COUNT_COLUMNS)}) "
    f"SELECT {_KEYS_SQL}, 'month', month, {COUNTS_SQL} FROM response "
    f"GROUP BY {_KEYS_SQL}, month"
)
# years from the month rows: a few rows per group instead of every response
_YEAR_KEYS = "agency, form, form_version, service, audience, substr(period, 1, 4)"
_REBUILD_YEARS = (
    f"INSERT INTO response_aggregate ({', '.join(KEY_COLUMNS + COUNT_COLUMNS)}) "
    f"SELECT agency, form, form_version, service, audience, 'year', substr(period, 1, 4), "
    f"{', '.join(f'SUM({c})' for c in COUNT_COLUMNS)} FROM response_aggregate "
    f"WHERE span = 'month' GROUP BY {_YEAR_KEYS}"
)


async def rebuild_aggregates(db: Database) -> int:
    """Recompute every aggregate row from the raw responses; return the row count.

    Month rows older than the oldest stored response are kept (the raw rows
    of those months were purged past the retention period), and the year
    rows are summed from all month rows.

    On PostgreSQL the aggregate table is locked for the rebuild, so a
    response stored meanwhile adds itself after the rebuild commits (its
    upsert waits for the lock) instead of being counted twice or lost.
    """
    async with db.write_transaction():
        if not db.is_sqlite:
            await db.raw("LOCK TABLE response_aggregate IN EXCLUSIVE MODE")
        # months older than the oldest stored response keep their rows: they are
        # what a retention purge (forms_service.privacy) left of the raw answers
        await db.raw("DELETE FROM response_aggregate WHERE span = 'year' OR period >= "
                     "(SELECT MIN(month) FROM response)")
        await db.raw(_REBUILD_MONTHS)
        await db.raw(_REBUILD_YEARS)
        rows = await db.raw("SELECT COUNT(*) AS n FROM response_aggregate")
    return int(rows[0]["n"])
