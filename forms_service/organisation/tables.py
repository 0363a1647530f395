"""Tables of an agency's organisation: units, their counters, and officers.

Codes are those the agency's one-stop system already uses, unique within the
agency (unique indexes of migration 2026-12-06T20:00:10). Nothing here is
deleted: a unit, counter or officer is deactivated, and a unit merged in a
reorganisation is closed (``closed_on``) with its ``successor``.
"""

from piccolo.columns import Boolean, Date, ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.agencies.tables import Agency

__all__ = ["Counter", "Officer", "Unit"]


class Unit(Table, tablename="unit"):
    """A department (sở), commune or ward, service centre … of an agency.

    ``parent`` places it in the agency's tree; ``successor`` is the unit that
    took it over when it was closed (reports follow the succession).
    """

    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    code = Varchar(length=64)
    name = Varchar(length=255)
    kind = Varchar(length=16)  # department | commune | centre | other
    parent = ForeignKey(references="self", null=True, on_delete=OnDelete.no_action)
    active = Boolean(default=True)
    closed_on = Date(null=True, default=None)
    successor = ForeignKey(references="self", null=True, on_delete=OnDelete.no_action)
    created_at = Timestamptz(default=TimestamptzNow())


class Counter(Table, tablename="counter"):
    """A counter (quầy) of a unit, where citizens hand in and collect dossiers."""

    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    unit = ForeignKey(references=Unit, on_delete=OnDelete.restrict)
    code = Varchar(length=64)
    name = Varchar(length=255)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())
    # the field (lĩnh vực) it serves, for answers that name no service
    field = Varchar(length=120, null=True, default=None)


class Officer(Table, tablename="officer"):
    """An officer (cán bộ) of the agency, by the code the one-stop system uses."""

    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    code = Varchar(length=64)
    name = Varchar(length=255)
    unit = ForeignKey(references=Unit, null=True, on_delete=OnDelete.restrict)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())
