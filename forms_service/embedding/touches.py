"""The survey reaching a dossier through the embedded form page.

``offered``: the form page rendered for a context token (the dossier's
reference is in it). ``opened``: the citizen sent the page's answers (a
post of the form, valid or not), the first interaction the server sees
without scripts on the page. Each is recorded once per dossier and kind
(:func:`forms_service.dossiers.link.record_touch`); open forms have no
dossier and record nothing.
"""

from __future__ import annotations

from forms_service.context import Context
from forms_service.credentials.keyed import dossier_hash
from forms_service.dossiers.link import record_touch
from forms_service.embedding.service import Visit

__all__ = ["record_page_touch"]


async def record_page_touch(ctx: Context, visit: Visit, kind: str) -> None:
    """Record that the page of a token's dossier was ``offered`` or ``opened``."""
    if visit.claims is None:
        return
    form = visit.page.form
    digest = dossier_hash(ctx.settings.secret_key, form["agency_code"], visit.claims.dossier)
    await record_touch(ctx.db, form["agency"], digest, kind=kind, channel="embed",
                       form_id=form["id"])
