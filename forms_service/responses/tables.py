from piccolo.columns import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.agencies.tables import Agency
from forms_service.catalogue.tables import Service
from forms_service.forms.tables import Form, FormVersion
from forms_service.organisation.tables import Counter, Officer, Unit


class Response(Table, tablename="response"):
    """One citizen's answers to one published form version.

    The dossier reference is kept only as a keyed hash.  The derived columns
    (``satisfied`` …) are computed once at submission from the version's
    ``x-survey`` mapping so reports aggregate them in SQL; ``month`` and
    ``audience`` are copied for the same reason.
    """

    form = ForeignKey(references=Form, on_delete=OnDelete.restrict)
    form_version = ForeignKey(references=FormVersion, on_delete=OnDelete.restrict)
    service = ForeignKey(references=Service, null=True, on_delete=OnDelete.restrict)
    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    dossier_hash = Varchar(length=64, null=True, default=None)
    channel = Varchar(length=16)  # web | mobile | kiosk | one_stop
    locale = Varchar(length=8)
    audience = Varchar(length=16, null=True, default=None)
    submitted_at = Timestamptz(default=TimestamptzNow())
    month = Varchar(length=7)  # YYYY-MM of submitted_at (UTC+7)
    answers = JSON()
    satisfaction_value = Integer(null=True, default=None)
    satisfied = Boolean(null=True, default=None)
    nps_score = Integer(null=True, default=None)
    self_submitted = Boolean(null=True, default=None)
    # who served the citizen: given at submission, else taken from the dossier
    unit = ForeignKey(references=Unit, null=True, on_delete=OnDelete.restrict)
    counter = ForeignKey(references=Counter, null=True, on_delete=OnDelete.restrict)
    officer = ForeignKey(references=Officer, null=True, on_delete=OnDelete.restrict)


class ResponseChannel(Table, tablename="response_channel"):
    """The communication channels a respondent heard through (one row each)."""

    response = ForeignKey(references=Response, on_delete=OnDelete.cascade)
    form = ForeignKey(references=Form, on_delete=OnDelete.restrict)
    channel = Varchar(length=40)
