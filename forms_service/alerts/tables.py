"""Tables of alerts: what each person asked for, and the digests sent.

A person without a row gets no alert and no digest (nobody is written to
without asking).  ``alert_digest`` holds one row per person, kind and period,
written in the transaction that queues the digest, so that two workers never
send the same one twice.
"""

from piccolo.columns import Boolean, Date, ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.accounts.tables import Person

__all__ = ["AlertDigest", "AlertPreference"]


class AlertPreference(Table, tablename="alert_preference"):
    """A person's alerts: an e-mail on each new case of their scope (``case_alerts``)
    and a digest (``digest``: none, daily or weekly)."""

    person = ForeignKey(references=Person, unique=True, on_delete=OnDelete.cascade)
    case_alerts = Boolean(default=False)
    digest = Varchar(length=8, default="none")
    updated_at = Timestamptz(default=TimestamptzNow())


class AlertDigest(Table, tablename="alert_digest"):
    """A digest queued for a person: its kind (daily, weekly) and the first day of the
    period it covers (Vietnam time); unique per person, kind and period."""

    person = ForeignKey(references=Person, on_delete=OnDelete.cascade)
    kind = Varchar(length=8)
    period_start = Date()
    queued_at = Timestamptz(default=TimestamptzNow())
