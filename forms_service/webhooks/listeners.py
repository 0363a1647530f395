"""The facts of other domains that webhooks publish, registered with their listeners."""

from __future__ import annotations

from forms_service.db import Database
from forms_service.submissions.listeners import StoredAnswer, on_stored
from forms_service.webhooks.publish import publish, subscribers

__all__ = ["response_created"]


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
