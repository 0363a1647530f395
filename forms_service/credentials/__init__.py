"""Credentials below every submission channel: the keyed hashes that stand in
for dossier references (:mod:`~forms_service.credentials.keyed`), context
tokens as portals sign them (:mod:`~forms_service.credentials.tokens`,
:mod:`~forms_service.credentials.errors`) and their check against the
signing portal key (:mod:`~forms_service.credentials.signers`).

Both the JSON API (``responses``) and the form pages (``embedding``) use
them; they import neither.  Nothing is imported here, so that a module may
use one part without the others.
"""
