"""The facts of other domains that webhooks publish, each in the transaction that
stores it: ``response.created`` (a listener of answers, stored with the
answer), ``dossier.linked`` (in the transaction linking the answer),
``invitation.failed`` (when the outbox gives an invitation up); cases publish
``case.opened`` and ``case.updated`` themselves (:mod:`forms_service.webhooks.cases`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from forms_service.db import Database
from forms_service.outbox.message import Message
from forms_service.outbox.outcomes import on_given_up
from forms_service.responses.followups import FollowUp
from forms_service.webhooks.publish import pending, publish, subscribed

if TYPE_CHECKING:
    from forms_service.context import Context
    from forms_service.submissions.listeners import Answered

__all__ = ["LISTENER", "ResponseCreated", "dossier_linked", "invitation_failed"]


class ResponseCreated:
    """``response.created``, as a row stored with the answer: nothing at all for an
    agency without an endpoint for it."""

    name = "webhooks"

    async def follow_ups(self, ctx: Context, answered: Answered) -> Sequence[FollowUp]:
        if not await subscribed(ctx.db, "response.created", answered.agency):
            return ()
        texts = answered.text_questions
        free_text = {k: v for k, v in answered.answers.items() if k in texts}
        return (pending(ctx.db, "response.created", answered.agency, {
            "agency": answered.agency_code, "form": answered.form_slug,
            "version": answered.version, "service": answered.service_code,
            "channel": answered.channel, "locale": answered.locale,
            "submitted_at": answered.submitted_at.isoformat().replace("+00:00", "Z"),
            "satisfied": answered.satisfied,
            "satisfaction_value": answered.satisfaction_value,
            "nps_score": answered.nps_score,
            "answers": {k: v for k, v in answered.answers.items() if k not in texts},
        }, free_text=free_text or None),)


LISTENER = ResponseCreated()


def dossier_linked(agency_id: int, response_id: int, *, agency: str, form: str,
                   service: str | None, satisfied: bool | None
                   ) -> Callable[[Database], Awaitable[Any]]:
    """``dossier.linked``, to be written in the transaction that links the answer."""
    async def linked(db: Database) -> bool:
        return await publish(db, "dossier.linked", agency_id, {
            "agency": agency, "form": form, "service": service, "satisfied": satisfied},
            response=response_id)
    return linked


async def invitation_failed(db: Database, message: Message, status: str) -> None:
    """``invitation.failed``: an invitation's message was refused for good or ran out
    of attempts. Neither the contact nor the link's code leave: the invitation's id,
    form, service, channel and final status do."""
    if message.kind != "invitation" or not message.key.startswith("inv-"):
        return
    rows = await db.raw(
        "SELECT i.id, i.agency, i.channel, f.slug AS form, s.code AS service, "
        "a.code AS agency_code FROM invitation i JOIN form f ON f.id = i.form "
        "JOIN agency a ON a.id = i.agency LEFT JOIN service s ON s.id = i.service "
        "WHERE i.code = {}", message.key.removeprefix("inv-"))
    if not rows or not await subscribed(db, "invitation.failed", rows[0]["agency"]):
        return
    row = rows[0]
    async with db.write_transaction():
        await publish(db, "invitation.failed", row["agency"], {
            "invitation_id": row["id"], "agency": row["agency_code"], "form": row["form"],
            "service": row["service"], "channel": row["channel"], "status": status,
            "attempts": message.attempt})


on_given_up(invitation_failed)
