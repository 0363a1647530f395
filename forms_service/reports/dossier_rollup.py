"""``dossier_rollup``: the monthly dossier counts summed per report dimension.

``dossier_month`` keeps one row per service, unit, officer, channel,
submission and month, so that every dossier counts once; with thousands of
officers it holds nearly a row per dossier. The dossier reports group by
one dimension at a time, so they read this roll-up instead: one row per
agency, dimension (``service``, ``unit``, ``officer`` or ``channel``),
member (the service, unit or officer id; ``0`` for a channel, named in
``channel``) and period — each month (``span = 'month'``) and its year
(``span = 'year'``), so that a report over whole years reads twelve times
fewer rows.

The database keeps it: triggers on ``dossier_month`` (migration
2026-12-06T20:05:00) add each inserted or updated row's counts and take
away each deleted or replaced row's, in the statement that changes
``dossier_month`` — whatever changes it (an event, a touch, a linked answer,
``phieu aggregates rebuild``) changes the roll-up in the same transaction.
"""

from piccolo.columns import Integer, Varchar
from piccolo.table import Table

__all__ = ["COUNTS", "DossierRollup"]

COUNTS = ("returned", "offered", "opened", "answered", "on_time", "late", "answered_rated",
          "answered_satisfied", "answered_on_time", "answered_on_time_rated",
          "answered_on_time_satisfied", "answered_late", "answered_late_rated",
          "answered_late_satisfied")


class DossierRollup(Table, tablename="dossier_rollup"):
    """Counts of returned dossiers per agency, dimension, member and period."""

    agency = Integer()
    dimension = Varchar(length=8)  # service | unit | officer | channel
    member = Integer(default=0)  # service, unit or officer id; 0 for a channel
    channel = Varchar(length=16, default="")  # the channel (dimension channel), else ''
    span = Varchar(length=5)  # month | year
    period = Varchar(length=7)  # YYYY-MM or YYYY
    returned = Integer(default=0)
    offered = Integer(default=0)
    opened = Integer(default=0)
    answered = Integer(default=0)
    on_time = Integer(default=0)
    late = Integer(default=0)
    answered_rated = Integer(default=0)
    answered_satisfied = Integer(default=0)
    answered_on_time = Integer(default=0)
    answered_on_time_rated = Integer(default=0)
    answered_on_time_satisfied = Integer(default=0)
    answered_late = Integer(default=0)
    answered_late_rated = Integer(default=0)
    answered_late_satisfied = Integer(default=0)
