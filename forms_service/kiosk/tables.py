"""Tables of counter kiosks: enrolled devices, the officer on duty at each
counter over time, and every answer a device sent (stored or kept apart).

A device's credential is never stored: it is derived from
``PHIEU_SECRET_KEY``, the device's public id and ``credential_nonce`` (set
when the device binds), so a leaked database does not let anyone sign as a
device. Enrolment codes are stored only as their SHA-256 digest.
"""

from piccolo.columns import ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.agencies.tables import Agency
from forms_service.forms.tables import Form
from forms_service.organisation.tables import Counter, Officer, Unit
from forms_service.responses.tables import Response

__all__ = ["CounterDuty", "Device", "KioskAnswer", "OfficerPin"]


class Device(Table, tablename="device"):
    """A tablet or kiosk enrolled for a counter (or a unit's shared kiosk).

    ``status``: ``pending`` (enrolment code issued), ``active`` (bound),
    ``revoked``. ``queue_size`` is what the device last said was waiting.
    """

    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    public_id = Varchar(length=32)
    name = Varchar(length=120)
    unit = ForeignKey(references=Unit, on_delete=OnDelete.restrict)
    counter = ForeignKey(references=Counter, null=True, on_delete=OnDelete.restrict)
    form = ForeignKey(references=Form, on_delete=OnDelete.restrict)
    status = Varchar(length=16)
    enrolment_digest = Varchar(length=64, null=True, default=None)
    enrolment_expires_at = Timestamptz(null=True, default=None)
    credential_nonce = Varchar(length=64, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    bound_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
    last_contact_at = Timestamptz(null=True, default=None)
    queue_size = Integer(default=0)
    opening_hours = Varchar(length=200, null=True, default=None)


class CounterDuty(Table, tablename="counter_duty"):
    """From ``since`` on, ``officer`` (None: nobody) is on duty at ``counter``;
    ``source`` is ``integration`` (the one-stop system) or ``pin`` (the kiosk's
    staff screen). The officer of an answer is the one on duty when it was given."""

    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    counter = ForeignKey(references=Counter, on_delete=OnDelete.restrict)
    officer = ForeignKey(references=Officer, null=True, on_delete=OnDelete.restrict)
    since = Timestamptz()
    source = Varchar(length=16)


class OfficerPin(Table, tablename="officer_pin"):
    """An officer's personal PIN for the kiosk's staff screen (an Argon2id hash);
    ``failures`` wrong PINs in a row lock it until ``locked_until``."""

    officer = ForeignKey(references=Officer, on_delete=OnDelete.restrict)
    pin_hash = Varchar(length=255)
    failures = Integer(default=0)
    locked_until = Timestamptz(null=True, default=None)


class KioskAnswer(Table, tablename="kiosk_answer"):
    """One answer a device sent, unique per device and sequence number (the
    idempotency key). ``status``: ``claimed`` (being stored), ``stored`` (with
    its ``response``), ``rejected`` (invalid; ``reason``), ``refused`` (the
    device was revoked: ``payload`` kept apart for review, never counted).
    ``flags`` say why a stored answer may be gamed (:mod:`forms_service.kiosk.flags`)."""

    device = ForeignKey(references=Device, on_delete=OnDelete.restrict)
    seq = Integer()
    status = Varchar(length=16)
    response = ForeignKey(references=Response, null=True, on_delete=OnDelete.set_null)
    answered_at = Timestamptz()
    received_at = Timestamptz(default=TimestamptzNow())
    reason = Varchar(length=64, null=True, default=None)
    payload = Text(null=True, default=None)
    # burst, outside_hours, no_dossier, clock_skew (comma-separated; empty: none)
    flags = Varchar(length=64, default="")
