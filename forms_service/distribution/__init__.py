"""Distribution: which returned dossiers a form invites, by which channel and when;
the invitations made, and the contacts that opted out.

Importing the package registers :func:`select_invitations` as a listener of
returned dossiers (:mod:`forms_service.dossiers.listeners`) and
:func:`record_offered` as a listener of delivered invitations
(:mod:`forms_service.outbox.listeners`); the table list
(``forms_service.piccolo_app``) imports it, so every process has it.
"""

from forms_service.distribution.offers import record_offered
from forms_service.distribution.selection import select_invitations
from forms_service.dossiers.listeners import on_returned
from forms_service.outbox.listeners import on_sent

on_returned(select_invitations)
on_sent("invitation", record_offered)

__all__ = ["record_offered", "select_invitations"]
