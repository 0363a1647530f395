from piccolo.columns import (
    BigInt,
    ForeignKey,
    Integer,
    OnDelete,
    Real,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.agencies.tables import Agency


class Service(Table, tablename="service"):
    """A public service (administrative procedure) offered by an agency.

    The same national procedure code can be offered by many provinces, so a
    code is unique within its agency.
    """

    code = Varchar(length=64, index=True)
    name = Varchar(length=500)
    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    audience = Varchar(length=16)  # citizen | business
    delivery = Varchar(length=16)  # full_online | partial_online
    field = Varchar(length=120, null=True, default=None)  # lĩnh vực: "Hộ tịch", "Đất đai" …
    created_at = Timestamptz(default=TimestamptzNow())


class DossierStat(Table, tablename="dossier_stat"):
    """Dossier counts of a service for one period (``2023-Q3`` or ``2023-07``)."""

    service = ForeignKey(references=Service, on_delete=OnDelete.cascade)
    period = Varchar(length=7)
    online_dossiers = Integer()
    total_dossiers = Integer()
    self_submitted_dossiers = Integer()
    cost_saving_vnd = BigInt(null=True, default=None)
    time_saving_hours = Real(null=True, default=None)
    savings_note = Text(null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())
