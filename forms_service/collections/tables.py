"""Tables of collections: what the national office asks of agencies, each asked
agency's reply (its draft, state and lateness) and every step of each reply.

The office's contact and review comments are sealed (AES-GCM, bound to their
row); replies hold the agency's answers as its people saved them.
"""

from piccolo.columns import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.agencies.tables import Agency
from forms_service.forms.tables import Form, FormVersion

__all__ = ["Collection", "CollectionEvent", "CollectionRequest"]


class Collection(Table, tablename="collection"):
    """One request of the national office: a title, the form asked (its version
    pinned when the collection is made), who is asked, by when, and the reminders."""

    title = Varchar(length=255)
    kind = Varchar(length=16, default="form")  # what is asked: a published form
    form = ForeignKey(references=Form, null=True, on_delete=OnDelete.restrict)
    form_version = ForeignKey(references=FormVersion, null=True, on_delete=OnDelete.restrict)
    scope = Varchar(length=16)  # ministries | provinces | all | list
    deadline = Timestamptz()
    reminders = JSON()  # {"before_days": [7, 2], "after_every_days": 7}
    sealed_contact = Text()
    created_by = Varchar(length=64)
    created_at = Timestamptz(default=TimestamptzNow())


class CollectionRequest(Table, tablename="collection_request"):
    """One asked agency of a collection and its reply (one per collection and agency)."""

    collection = ForeignKey(references=Collection, on_delete=OnDelete.cascade)
    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    # not_started | draft | submitted | changes_requested | accepted
    state = Varchar(length=20, default="not_started")
    answers = JSON(null=True, default=None)
    revision = Integer(default=0)  # each saved draft adds one (concurrent editors)
    submitted_at = Timestamptz(null=True, default=None)  # the latest submission
    late = Boolean(default=False)
    reminded = Integer(default=0)  # reminders sent: the stages of the schedule passed
    updated_at = Timestamptz(default=TimestamptzNow())


class CollectionEvent(Table, tablename="collection_event"):
    """Every step of a reply: a draft saved (with the questions it changed), a
    submission, a review, a reminder; who, when, and the sealed comment."""

    request = ForeignKey(references=CollectionRequest, on_delete=OnDelete.cascade)
    action = Varchar(length=24)  # draft | submit | accept | request_changes | remind
    from_state = Varchar(length=20)
    to_state = Varchar(length=20)
    actor = Varchar(length=64)  # person:<id>, an API key id, or "schedule"
    sealed_comment = Text(null=True, default=None)
    # a draft: the questions it changed; a reminder: its stage and recipients
    details = JSON(null=True, default=None)
    late = Boolean(default=False)
    at = Timestamptz(default=TimestamptzNow())
