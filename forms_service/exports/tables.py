from piccolo.columns import (
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.forms.tables import Form


class ExportAudit(Table, tablename="export_audit"):
    """One export: who took which data, in which form, masked or not.

    A row is written when the export starts (so an unmasked export is on
    record even if it never finishes) and completed with the row count when
    the last byte has been produced.  ``key_id`` is the public id of the API
    key, or ``cli:<user>`` for the command line.
    """

    key_id = Varchar(length=64)
    dataset = Varchar(length=40)  # responses, or a report name
    form = ForeignKey(references=Form, null=True, on_delete=OnDelete.restrict)
    format = Varchar(length=8)  # csv | xlsx | jsonl | json
    locale = Varchar(length=8)
    unmasked = Boolean(default=False)
    since = Timestamptz(null=True, default=None)
    until = Timestamptz(null=True, default=None)
    row_count = Integer(null=True, default=None)
    completed = Boolean(default=False)
    started_at = Timestamptz(default=TimestamptzNow())
    finished_at = Timestamptz(null=True, default=None)
