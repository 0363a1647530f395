"""Opening a case for an answer, in the transaction that stores the answer.

The submission pipeline tells :data:`LISTENER` of every answer
(:mod:`forms_service.submissions.listeners`); when the form's case rule
picks the answer out, the case row goes with it, with its deadlines counted
in the agency's working days from the day it was answered (Vietnam time), and
the contact the citizen left to be answered, sealed
(:func:`forms_service.cases.replies.case_contact`).
"""

from __future__ import annotations

from collections.abc import Sequence

from forms_service.cases.policy import agency_policy, form_rule
from forms_service.cases.replies import case_contact
from forms_service.cases.rules import consented_contact, reasons
from forms_service.context import Context
from forms_service.i18n import VIETNAM
from forms_service.responses.followups import FollowUp
from forms_service.submissions.listeners import Answered

__all__ = ["LISTENER", "CaseOpening"]


class CaseOpening:
    """Opens a case for the answers a form's case rule picks out."""

    name = "cases"

    async def follow_ups(self, ctx: Context, answered: Answered) -> Sequence[FollowUp]:
        rule = await form_rule(ctx.db, answered.form)
        why = reasons(rule, answered.answers, answered.satisfied)
        if not why:
            return ()
        policy = await agency_policy(ctx.db, answered.agency)
        acknowledge_due, respond_due = policy.deadlines(
            answered.submitted_at.astimezone(VIETNAM).date())
        return (FollowUp("feedback_case", {
            "agency": answered.agency, "form": answered.form, "service": answered.service,
            "dossier_hash": answered.dossier_hash, "reasons": ",".join(why), "state": "new",
            "opened_at": answered.submitted_at, "acknowledge_due": acknowledge_due,
            "respond_due": respond_due, "reopened": 0, "updated_at": answered.submitted_at,
            **case_contact(ctx.db, consented_contact(rule, answered.answers),
                           answered.reply_to),
        }),)


LISTENER = CaseOpening()
