"""Tables of the reports: incremental response aggregates and imported quality scores."""

from piccolo.columns import (
    DoublePrecision,
    ForeignKey,
    Integer,
    OnDelete,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.agencies.tables import Agency


class ResponseAggregate(Table, tablename="response_aggregate"):
    """Counts of responses per form version, service, audience and period.

    Each response counts in two rows: its month (``span = 'month'``,
    ``period = '2025-03'``) and its year (``span = 'year'``, ``period =
    '2025'``), so that a yearly or all-time report reads twelve times fewer
    rows. One row per (agency, form_version, service, audience, span,
    period), kept up to date by an upsert in the transaction that stores each
    response and recomputable from the raw rows with ``phieu aggregates
    rebuild``. The key columns are ``NOT NULL`` so that the unique index can
    be an upsert target on SQLite and PostgreSQL alike: a response without a
    service counts under ``service = 0`` and ``audience = ''``. The ids are
    plain integers (not foreign keys) for the same reason.
    """

    agency = Integer()
    form = Integer()
    form_version = Integer()
    service = Integer(default=0)
    audience = Varchar(length=16, default="")
    span = Varchar(length=5)  # month | year
    period = Varchar(length=7)  # YYYY-MM (UTC+7, as response.month) or YYYY
    responses = Integer(default=0)
    satisfaction_answered = Integer(default=0)
    satisfied = Integer(default=0)
    self_answered = Integer(default=0)
    self_submitted = Integer(default=0)
    nps_answered = Integer(default=0)
    nps_promoters = Integer(default=0)
    nps_detractors = Integer(default=0)


class QualityScore(Table, tablename="quality_score"):
    """A quality score (0–100) of an agency for a period, e.g. the 2023 appendix.

    One score per agency and period (a unique index); importing again
    replaces it. ``source`` says where the score comes from.
    """

    agency = ForeignKey(references=Agency, on_delete=OnDelete.cascade, null=False)
    period = Varchar(length=7)
    score = DoublePrecision()
    source = Varchar(length=200, default="")
    imported_at = Timestamptz(default=TimestamptzNow())
