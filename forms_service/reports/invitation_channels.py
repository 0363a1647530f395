"""The response-rate funnel by invitation channel: of the dossiers returned,
those selected for an invitation, and per channel (e-mail, SMS, Zalo, the
receipt's QR code) those invited, delivered, opened and answered.

Every figure counts dossiers returned in the report's scope and period (by
the month they were returned), whatever the month of the touch:

- ``selected``: dossiers with an invitation, on any channel (per agency);
- ``invited``: dossiers with an invitation on the channel;
- ``delivered``: those whose invitation message was handed to the channel
  (the invitation is no longer ``queued``);
- ``opened``: those whose invitation link was opened; for ``qr``, the
  dossiers whose receipt link was scanned (the ``opened`` touch on ``qr``);
- ``answered``: dossiers with an answer through the channel (the answer's
  channel: the invitation link's, or ``qr``).

``qr`` has no ``invited`` and ``delivered`` (the code is printed on the
receipt, every returned dossier may scan it). ``response_rate`` is answered
÷ returned (the share of RR1 the channel brings); ``invited_answer_rate``
is answered ÷ invited.
"""

from __future__ import annotations

import math
from typing import Any

from analytics import format_percent, format_percent_range, proportion_ci
from forms_service.db import Database
from forms_service.i18n import N_, translate
from forms_service.reports.dossier_schemas import InvitationChannelRowOut
from forms_service.reports.params import Scope, month_range
from forms_service.reports.sql import Where

__all__ = ["INVITATION_CHANNELS", "INVITATION_CHANNEL_LABELS", "invitation_channel_rows"]

INVITATION_CHANNELS = ("email", "sms", "zalo", "qr")
INVITATION_CHANNEL_LABELS = {
    "email": N_("E-mail invitation"), "sms": N_("SMS invitation"),
    "zalo": N_("Zalo invitation"), "qr": N_("Receipt QR code"),
}
LINKED = ("email", "sms", "zalo")


def _returned(scope: Scope, period: Any) -> Where:
    where = Where().add("d.month IS NOT NULL")
    if scope.agency_id is not None:
        where.add("d.agency = {}", scope.agency_id)
    bounds = month_range(period)
    if bounds is not None:
        where.add("d.month BETWEEN {} AND {}", *bounds)
    return where


async def _by_agency(db: Database, sql: str, where: Where) -> dict[Any, dict[str, Any]]:
    names, rows = await db.fetch(sql.format(where=where.sql()), *where.args)
    return {(row[0], row[1]) if "channel" in names else row[0]: dict(zip(names, row, strict=True))
            for row in rows}


def _rate(count: int, n: int | None, method: str, level: float) -> tuple[float | None, ...]:
    if not n:
        return None, None, None
    ci = proportion_ci(count, n, method=method,  # type: ignore[arg-type]
                       confidence_level=level)
    return tuple(None if math.isnan(v) else float(v) for v in (ci.estimate, ci.ci_low,
                                                                ci.ci_high))


async def invitation_channel_rows(db: Database, *, scope: Scope, period: Any, method: str,
                                  level: float, lang: str | None) -> list[InvitationChannelRowOut]:
    """One row per agency and channel with a dossier selected, invited or answered."""
    where = _returned(scope, period)
    returned = await _by_agency(db, "SELECT d.agency, COUNT(*) AS returned FROM dossier d"
                                "{where} GROUP BY d.agency", where)
    selected = await _by_agency(
        db, "SELECT d.agency, COUNT(*) AS selected FROM dossier d{where} AND EXISTS ("
            "SELECT 1 FROM invitation i WHERE i.agency = d.agency AND i.dossier_hash = "
            "d.dossier_hash) GROUP BY d.agency", where)
    invited = await _by_agency(
        db, "SELECT d.agency, i.channel, COUNT(DISTINCT d.id) AS invited, "
            "COUNT(DISTINCT CASE WHEN i.status <> 'queued' THEN d.id END) AS delivered, "
            "COUNT(DISTINCT CASE WHEN i.opened_at IS NOT NULL THEN d.id END) AS opened "
            "FROM dossier d JOIN invitation i ON i.agency = d.agency AND i.dossier_hash = "
            "d.dossier_hash{where} GROUP BY d.agency, i.channel", where)
    scanned = await _by_agency(
        db, "SELECT d.agency, t.channel, COUNT(DISTINCT d.id) AS opened FROM dossier d "
            "JOIN dossier_touch t ON t.agency = d.agency AND t.dossier_hash = d.dossier_hash"
            "{where} AND t.kind = 'opened' AND t.channel = 'qr' GROUP BY d.agency, t.channel",
        where)
    answered = await _by_agency(
        db, "SELECT d.agency, r.channel, COUNT(DISTINCT d.id) AS answered FROM dossier d "
            "JOIN response r ON r.agency = d.agency AND r.dossier_hash = d.dossier_hash"
            f"{{where}} AND r.channel IN ({', '.join(repr(c) for c in INVITATION_CHANNELS)}) "
            "GROUP BY d.agency, r.channel", where)
    agencies = {int(r["id"]): r for r in await db.raw("SELECT id, code, name FROM agency")} \
        if returned else {}
    rows = []
    for agency_id in sorted(returned, key=lambda a: str(agencies[int(a)]["code"])):
        agency = agencies[int(agency_id)]
        base = int(returned[agency_id]["returned"])
        chosen = int(selected.get(agency_id, {}).get("selected", 0))
        for channel in INVITATION_CHANNELS:
            counts = invited.get((agency_id, channel), {})
            opened = scanned if channel == "qr" else invited
            n_answered = int(answered.get((agency_id, channel), {}).get("answered", 0))
            n_opened = int(opened.get((agency_id, channel), {}).get("opened", 0))
            n_invited = int(counts.get("invited", 0)) if channel in LINKED else None
            n_delivered = int(counts.get("delivered", 0)) if channel in LINKED else None
            if not (n_invited or n_opened or n_answered):
                continue
            rate, low, high = _rate(n_answered, base, method, level)
            invited_rate = _rate(n_answered, n_invited, method, level)[0]
            row = InvitationChannelRowOut(
                key=f"{agency['code']}/{channel}", channel=channel,
                label=translate(lang or "vi", INVITATION_CHANNEL_LABELS[channel]),
                agency=str(agency["code"]), agency_name=str(agency["name"]), returned=base,
                selected=chosen, invited=n_invited, delivered=n_delivered, opened=n_opened,
                answered=n_answered, response_rate=rate, response_ci_low=low,
                response_ci_high=high, invited_answer_rate=invited_rate)
            if lang is not None:
                row.response_rate_text = format_percent(rate, lang) if rate is not None else ""
                row.response_ci_text = format_percent_range(low, high, lang) \
                    if low is not None else ""
                row.invited_answer_rate_text = format_percent(invited_rate, lang) \
                    if invited_rate is not None else ""
            rows.append(row)
    return rows
