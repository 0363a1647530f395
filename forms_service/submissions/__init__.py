"""Submissions: the one path every answer takes into the database.

A channel translates what arrived (a JSON body, a form post) into a
:class:`~forms_service.submissions.model.Submission` with its
:mod:`~forms_service.submissions.authorities` and calls
:func:`~forms_service.submissions.pipeline.submit`.
"""

from forms_service.submissions.authorities import (
    Authority,
    ContextToken,
    EnrolledDevice,
    InvitationLink,
    OpenPage,
    PortalKey,
    ReceiptLink,
)
from forms_service.submissions.model import Stored, Submission
from forms_service.submissions.pipeline import submit

__all__ = [
    "Authority",
    "ContextToken",
    "EnrolledDevice",
    "InvitationLink",
    "OpenPage",
    "PortalKey",
    "ReceiptLink",
    "Stored",
    "Submission",
    "submit",
]
