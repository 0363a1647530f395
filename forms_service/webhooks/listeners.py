"""The facts of other domains that webhooks publish, registered with their listeners."""

from __future__ import annotations

from forms_service.db import Database
from forms_service.outbox.message import Message
from forms_service.outbox.outcomes import on_given_up
from forms_service.submissions.stored import StoredAnswer, on_stored
from forms_service.webhooks.publish import publish, subscribers

__all__ = ["invitation_failed", "response_created"]


async def response_created(db: Database, answer: StoredAnswer) -> None:
    """``response.created`` and, when the answer found its dossier, ``dossier.linked``:
    written just after the answer (whose grouped writer commits on its own), in
    one transaction for all of their deliveries."""
    created = await subscribers(db, "response.created", answer.agency_id)
    linked = (await subscribers(db, "dossier.linked", answer.agency_id)
              if answer.dossier_linked else [])
    if not created and not linked:
        return  # most agencies: no transaction at all
    async with db.write_transaction():
        if linked:
            await publish(db, "dossier.linked", answer.agency_id, {
                "response_id": answer.response_id, "agency": answer.agency_code,
                "form": answer.form, "service": answer.service,
                "satisfied": answer.satisfied}, endpoints=linked)
        if not created:
            return
        await publish(db, "response.created", answer.agency_id, {
            "response_id": answer.response_id, "agency": answer.agency_code,
            "form": answer.form, "version": answer.version, "service": answer.service,
            "channel": answer.channel, "locale": answer.locale,
            "submitted_at": answer.submitted_at.isoformat().replace("+00:00", "Z"),
            "satisfied": answer.satisfied, "satisfaction_value": answer.satisfaction_value,
            "nps_score": answer.nps_score, "dossier_linked": answer.dossier_linked,
            "answers": answer.answers,
        }, free_text=answer.free_text or None, endpoints=created)


on_stored(response_created)


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
    if not rows:
        return
    row = rows[0]
    endpoints = await subscribers(db, "invitation.failed", row["agency"])
    if not endpoints:
        return
    async with db.write_transaction():
        await publish(db, "invitation.failed", row["agency"], {
            "invitation_id": row["id"], "agency": row["agency_code"], "form": row["form"],
            "service": row["service"], "channel": row["channel"], "status": status,
            "attempts": message.attempt}, endpoints=endpoints)


on_given_up(invitation_failed)
