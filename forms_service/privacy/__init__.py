"""Privacy: purging raw answers past the retention period, aggregates kept.

``purge`` deletes the responses (answers, free text, channel rows) of every
month older than ``PHIEU_RETENTION_MONTHS``; the reports keep reading the
``response_aggregate`` counts, which are not touched.  ``phieu purge`` runs
it, and ``phieu serve`` runs it at start and then daily when the setting is
on.  No client address is stored anywhere, and a dossier reference only as
a keyed hash (``forms_service.responses.service.dossier_hash``).
"""

from forms_service.privacy.purge import PurgeResult, cutoff_month, purge_responses

__all__ = ["PurgeResult", "cutoff_month", "purge_responses"]
