from piccolo.columns import JSON, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.agencies.tables import Agency


class Form(Table, tablename="form"):
    """A survey form.  ``draft`` holds the definition being edited; it is
    ``None`` when nothing changed since the last published version."""

    slug = Varchar(length=80, unique=True, index=True)
    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    status = Varchar(length=16, default="draft")  # draft | published | archived
    access = Varchar(length=16, default="token")  # token | open
    draft = JSON(null=True, default=None)
    latest_version = Integer(default=0)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    # the schedule: answers are taken from opens_at until closes_at, and until
    # max_responses answers are stored (each None: no limit)
    opens_at = Timestamptz(null=True, default=None)
    closes_at = Timestamptz(null=True, default=None)
    max_responses = Integer(null=True, default=None)


class FormVersion(Table, tablename="form_version"):
    """A published, immutable version of a form's definition."""

    form = ForeignKey(references=Form, on_delete=OnDelete.restrict)
    number = Integer()
    definition = JSON()
    published_at = Timestamptz(default=TimestamptzNow())
