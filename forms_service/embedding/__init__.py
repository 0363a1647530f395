"""Embedding: signed context tokens, portal origins, and the form pages.

A portal key signs context tokens (``tokens``); an agency registers the
origins of its portals (``portals``); the form pages (``pages``) check a
token or an open-form nonce, render the form with ``embed`` and store the
answers through the one insert path of ``forms_service.responses``.  The
controllers live in ``controller`` (JSON API) and ``pages`` (HTML).

Nothing is imported here: ``piccolo_app`` imports ``embedding.tables`` early.
"""
