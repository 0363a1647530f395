"""Tables of distribution: each form's rule, the invitations made, and the stop list.

Contacts are never stored in clear: an invitation keeps the keyed hash of its
contact (for the recontact window) and, until its link is answered or expires,
the contact sealed with AES-GCM (for the reminder, and for a reply should the
answer open a case); the stop list holds keyed hashes only.
"""

from piccolo.columns import JSON, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.agencies.tables import Agency
from forms_service.forms.tables import Form

__all__ = ["ContactStop", "DistributionRule", "Invitation", "InvitationText"]


class DistributionRule(Table, tablename="distribution_rule"):
    """One per form: the checked rule (:class:`forms_service.distribution.rules.Rule`)."""

    form = ForeignKey(references=Form, unique=True, on_delete=OnDelete.cascade)
    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    rule = JSON()  # with "active": inactive rules invite nobody
    updated_at = Timestamptz(default=TimestamptzNow())


class Invitation(Table, tablename="invitation"):
    """One per form and dossier. ``code`` is the short link's (``/s/{code}``)."""

    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    form = ForeignKey(references=Form, on_delete=OnDelete.cascade)
    dossier_hash = Varchar(length=64)
    service = Integer()
    unit = Integer(null=True, default=None)
    counter = Integer(null=True, default=None)
    officer = Integer(null=True, default=None)
    dossier_channel = Varchar(length=16)
    channel = Varchar(length=16)  # email | sms | zalo
    contact_hash = Varchar(length=64, index=True)
    code = Varchar(length=32, unique=True)
    sealed_contact = Text(null=True, default=None)
    status = Varchar(length=12, default="queued")  # queued | sent | opened | answered
    created_at = Timestamptz(default=TimestamptzNow())
    send_at = Timestamptz()
    expires_at = Timestamptz()
    opened_at = Timestamptz(null=True, default=None)
    answered_at = Timestamptz(null=True, default=None)
    reminder_at = Timestamptz(null=True, default=None)  # None: no reminder (left)
    locale = Varchar(length=2, default="vi")  # the citizen's language (vi unless told)


class ContactStop(Table, tablename="contact_stop"):
    """A contact that opted out: never invited again, by any agency."""

    contact_hash = Varchar(length=64, unique=True)
    at = Timestamptz(default=TimestamptzNow())


class InvitationText(Table, tablename="invitation_text"):
    """One per agency: its texts of invitations, by language
    (:mod:`forms_service.distribution.templates`); a language not here uses the
    default texts."""

    agency = ForeignKey(references=Agency, unique=True, on_delete=OnDelete.cascade)
    texts = JSON()  # {"vi": {"sms": …, "email_subject": …, "email_body": …}, "en": …}
    updated_at = Timestamptz(default=TimestamptzNow())
