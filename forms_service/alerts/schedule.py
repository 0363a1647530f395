"""The sweeps of alerts, run every minute by ``phieu serve`` (with the reminders) and
by every ``phieu worker``: each is safe to run in several processes at once."""

from __future__ import annotations

from forms_service.alerts.digests import send_digests
from forms_service.alerts.immediate import send_case_alerts

__all__ = ["SWEEPS"]

SWEEPS = (send_case_alerts, send_digests)
