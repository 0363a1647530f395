"""Tables of dossiers: the events one-stop systems send, the latest state per
dossier, the touches of the survey (offered, opened) and the monthly counts.

Dossier references are stored only as the keyed hash responses use
(:func:`forms_service.credentials.dossier_hash` with the agency's code).
"""

from piccolo.columns import Boolean, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.agencies.tables import Agency
from forms_service.catalogue.tables import Service
from forms_service.forms.tables import Form
from forms_service.organisation.tables import Counter, Officer, Unit

__all__ = ["Dossier", "DossierEvent", "DossierMonth", "DossierTouch"]


class DossierEvent(Table, tablename="dossier_event"):
    """One event of a dossier as a one-stop system sent it; unique per agency,
    ``system`` and ``event_id`` (a replay is acknowledged and changes nothing)."""

    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    system = Varchar(length=64)
    event_id = Varchar(length=128)
    dossier_hash = Varchar(length=64)
    service = ForeignKey(references=Service, on_delete=OnDelete.restrict)
    # received | processing | supplement_requested | returned | cancelled
    status = Varchar(length=24)
    at = Timestamptz()
    channel = Varchar(length=16)  # in_person | online | postal
    received_at = Timestamptz(null=True, default=None)
    due_at = Timestamptz(null=True, default=None)
    returned_at = Timestamptz(null=True, default=None)
    unit = ForeignKey(references=Unit, null=True, on_delete=OnDelete.restrict)
    counter = ForeignKey(references=Counter, null=True, on_delete=OnDelete.restrict)
    officer = ForeignKey(references=Officer, null=True, on_delete=OnDelete.restrict)
    submitted_by = Varchar(length=8, null=True, default=None)  # self | assisted
    stored_at = Timestamptz(default=TimestamptzNow())


class Dossier(Table, tablename="dossier"):
    """The latest state of one dossier of an agency (the fold of its events by ``at``).

    ``month`` is the month (Vietnam time) it was returned, ``None`` until then;
    ``on_time`` is ``returned_at <= due_at`` when both are known. ``offered``,
    ``opened``, ``answered`` and ``satisfied`` say what the survey saw of it
    (touches and linked responses); with the rest they make the dossier's
    contribution to ``dossier_month``.
    """

    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    dossier_hash = Varchar(length=64)
    service = ForeignKey(references=Service, on_delete=OnDelete.restrict)
    channel = Varchar(length=16)
    status = Varchar(length=24)
    unit = ForeignKey(references=Unit, null=True, on_delete=OnDelete.restrict)
    counter = ForeignKey(references=Counter, null=True, on_delete=OnDelete.restrict)
    officer = ForeignKey(references=Officer, null=True, on_delete=OnDelete.restrict)
    received_at = Timestamptz(null=True, default=None)
    due_at = Timestamptz(null=True, default=None)
    returned_at = Timestamptz(null=True, default=None)
    on_time = Boolean(null=True, default=None)
    submitted_by = Varchar(length=8, null=True, default=None)
    last_event_at = Timestamptz()
    month = Varchar(length=7, null=True, default=None)
    offered = Boolean(default=False)
    opened = Boolean(default=False)
    answered = Boolean(default=False)
    satisfied = Boolean(null=True, default=None)


class DossierTouch(Table, tablename="dossier_touch"):
    """The survey reached a dossier: ``offered`` (shown) or ``opened``, once per
    agency, dossier, kind and channel (the first time counts)."""

    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    dossier_hash = Varchar(length=64)
    form = ForeignKey(references=Form, null=True, on_delete=OnDelete.restrict)
    kind = Varchar(length=8)  # offered | opened
    channel = Varchar(length=16)  # embed | invitation | kiosk
    at = Timestamptz(default=TimestamptzNow())


class DossierMonth(Table, tablename="dossier_month"):
    """Counts of returned dossiers per agency, service, unit, officer, channel,
    submitted_by and month (the month returned, Vietnam time).

    Kept up to date in the transaction of every ingest, touch and answer
    link (each dossier counts in exactly one row: its current state), and
    recomputed by ``phieu aggregates rebuild``. ``unit``, ``officer`` and
    ``submitted_by`` are ``NULL`` when unknown; the unique index treats
    ``NULL`` as one value (``COALESCE``), so there is one row per group.
    Ids are plain integers, as in ``response_aggregate``.
    """

    agency = Integer()
    service = Integer()
    unit = Integer(null=True, default=None)
    officer = Integer(null=True, default=None)
    channel = Varchar(length=16)
    submitted_by = Varchar(length=8, null=True, default=None)
    month = Varchar(length=7)
    returned = Integer(default=0)
    offered = Integer(default=0)
    opened = Integer(default=0)
    answered = Integer(default=0)
    on_time = Integer(default=0)
    late = Integer(default=0)
    answered_rated = Integer(default=0)  # answered with a satisfaction value
    answered_satisfied = Integer(default=0)
    answered_on_time = Integer(default=0)
    answered_on_time_rated = Integer(default=0)
    answered_on_time_satisfied = Integer(default=0)
    answered_late = Integer(default=0)
    answered_late_rated = Integer(default=0)
    answered_late_satisfied = Integer(default=0)
