"""The registry of webhook event types: one entry per event, read by the API
(which types an endpoint may subscribe to, and the message listing them), by
:func:`~forms_service.webhooks.publish.publish` and by the README's list.

A new event type is one :class:`EventSpec` here and one call to ``publish``
where its fact is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms_service.i18n import N_

__all__ = ["EVENTS", "EventSpec"]


@dataclass(frozen=True, slots=True)
class EventSpec:
    name: str
    #: what happened, one line (an English msgid)
    description: str


EVENTS: dict[str, EventSpec] = {
    spec.name: spec for spec in (
        EventSpec("response.created", N_("An answer to one of the agency's forms was stored.")),
        EventSpec("case.opened", N_("A follow-up case was opened.")),
        EventSpec("case.updated", N_("A follow-up case changed state, owner or deadline.")),
        EventSpec("dossier.linked", N_("An answer was linked to the dossier it is about.")),
        EventSpec("invitation.failed", N_("An invitation to answer could not be delivered.")),
    )
}
