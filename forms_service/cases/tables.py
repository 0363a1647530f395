"""Tables of cases: each form's case rule, each agency's deadlines and days off,
the cases with their transitions and notes.

A case keeps no free text of the citizen's: the answer it was opened for is
read from its response (masked when shown), its dossier only as the keyed
hash the response carries.  When the retention purge deletes the response,
the case keeps its history and figures (``response`` becomes null).  The
citizen's contact, when they left one to be answered, is kept sealed
(AES-GCM, bound to the case's follow-up code) until the case is closed
(:mod:`forms_service.cases.replies`).
"""

from piccolo.columns import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.accounts.tables import Person
from forms_service.agencies.tables import Agency
from forms_service.forms.tables import Form
from forms_service.organisation.tables import Unit
from forms_service.responses.tables import Response

__all__ = ["CaseDayOff", "CaseNote", "CaseReply", "CaseRule", "CaseSettings",
           "CaseTransition", "FeedbackCase"]


class CaseRule(Table, tablename="case_rule"):
    """One per form, when set: which answers open a case (:mod:`forms_service.cases.rules`).
    A form without one opens a case for every answer not satisfied."""

    form = ForeignKey(references=Form, unique=True, on_delete=OnDelete.cascade)
    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    rule = JSON()
    updated_at = Timestamptz(default=TimestamptzNow())


class CaseSettings(Table, tablename="case_settings"):
    """One per agency, when set: its deadlines in working days and the reopening window."""

    agency = ForeignKey(references=Agency, unique=True, on_delete=OnDelete.cascade)
    acknowledge_days = Integer(default=2)
    respond_days = Integer(default=10)
    reopen_days = Integer(default=30)  # calendar days after closing
    updated_at = Timestamptz(default=TimestamptzNow())


class CaseDayOff(Table, tablename="case_day_off"):
    """A day an agency does not work although Vietnam does (a compensatory day off)."""

    agency = ForeignKey(references=Agency, on_delete=OnDelete.cascade)
    day = Date()
    note = Varchar(length=120, default="")


class FeedbackCase(Table, tablename="feedback_case"):
    """A case opened for an answer, in the transaction that stored the answer.

    ``state``: new, acknowledged, assigned, responded, closed (``outcome``:
    resolved, not_resolvable, duplicate).  Deadlines are local dates (Vietnam
    time), due at the end of the day.
    """

    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    form = ForeignKey(references=Form, on_delete=OnDelete.restrict)
    response = ForeignKey(references=Response, null=True, on_delete=OnDelete.set_null)
    service = Integer(null=True, default=None)
    dossier_hash = Varchar(length=64, null=True, default=None)
    reasons = Varchar(length=200, default="")  # comma-separated (cases.rules.REASONS)
    state = Varchar(length=16, default="new")
    outcome = Varchar(length=16, null=True, default=None)
    opened_at = Timestamptz(default=TimestamptzNow())
    acknowledge_due = Date()
    respond_due = Date()
    acknowledged_at = Timestamptz(null=True, default=None)
    assigned_unit = ForeignKey(references=Unit, null=True, on_delete=OnDelete.restrict)
    assigned_person = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)
    responded_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    reopened = Integer(default=0)
    updated_at = Timestamptz(default=TimestamptzNow())
    # the follow-up link's code (``/r/{code}``, unique) when the citizen left a contact
    code = Varchar(length=32, null=True, default=None)
    contact_channel = Varchar(length=16, null=True, default=None)  # email | sms | zalo
    sealed_contact = Text(null=True, default=None)  # erased when the case is closed
    follow_up = Varchar(length=16, null=True, default=None)  # solved | partly | not_solved
    follow_up_at = Timestamptz(null=True, default=None)
    # when its alert e-mails were queued (forms_service.alerts.immediate)
    alerted_at = Timestamptz(null=True, default=None)


class CaseTransition(Table, tablename="case_transition"):
    """One change of a case's state: who, when, from and to."""

    case = ForeignKey(references=FeedbackCase, on_delete=OnDelete.cascade)
    action = Varchar(length=16)
    from_state = Varchar(length=16)
    to_state = Varchar(length=16)
    outcome = Varchar(length=16, null=True, default=None)
    actor = Varchar(length=64)  # the public id of the key, or person:<id>
    at = Timestamptz(default=TimestamptzNow())


class CaseNote(Table, tablename="case_note"):
    """A note on a case, by the people handling it (shown masked like answers)."""

    case = ForeignKey(references=FeedbackCase, on_delete=OnDelete.cascade)
    actor = Varchar(length=64)
    text = Text()
    at = Timestamptz(default=TimestamptzNow())


class CaseReply(Table, tablename="case_reply"):
    """The agency's reply to the citizen, written when a case is answered: in the
    citizen's language, sent through the outbox (``message_key``) by ``channel`` when
    the case has a contact, recorded only when it has none; and the citizen's answer
    to the follow-up question (``answer``: solved, partly, not_solved)."""

    case = ForeignKey(references=FeedbackCase, on_delete=OnDelete.cascade)
    text = Text()
    locale = Varchar(length=2, default="vi")
    channel = Varchar(length=16, null=True, default=None)
    message_key = Varchar(length=64, null=True, default=None)
    actor = Varchar(length=64)
    at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz(null=True, default=None)  # the follow-up link's last moment
    answer = Varchar(length=16, null=True, default=None)
    comment = Text(null=True, default=None)
    answered_at = Timestamptz(null=True, default=None)
