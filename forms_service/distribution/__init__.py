"""Distribution: which returned dossiers a form invites, by which channel and when;
the invitations made, and the contacts that opted out.

Importing the package registers :func:`select_invitations` as a listener of
returned dossiers (:mod:`forms_service.dossiers.listeners`); the table list
(``forms_service.piccolo_app``) imports it, so every process has it.
"""

from forms_service.distribution.selection import select_invitations
from forms_service.dossiers.listeners import on_returned

on_returned(select_invitations)

__all__ = ["select_invitations"]
