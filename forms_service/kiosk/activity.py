"""A device's activity: its latest answers, what was flagged and why, what was
rejected or kept apart."""

from __future__ import annotations

from typing import Any

from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.kiosk.devices import device_out, find_device
from forms_service.kiosk.flags import FLAGS
from forms_service.kiosk.tables import KioskAnswer

__all__ = ["device_activity"]


async def device_activity(ctx: Context, principal: Principal, public_id: str, *,
                          flagged: bool | None = None, limit: int = 200) -> dict[str, Any]:
    """The device, counts of each flag and status, and its latest ``limit`` answers."""
    principal.require_role(Role.DESIGNER, Role.ANALYST)
    device = await find_device(principal, public_id)
    rows = await KioskAnswer.select(
        KioskAnswer.seq, KioskAnswer.status, KioskAnswer.answered_at, KioskAnswer.received_at,
        KioskAnswer.flags, KioskAnswer.reason, KioskAnswer.response,
    ).where(KioskAnswer.device == device["id"]).order_by(KioskAnswer.seq,
                                                         ascending=False).run()
    counts = {flag: 0 for flag in FLAGS}
    answers = []
    for row in rows:
        flags = [f for f in (row["flags"] or "").split(",") if f]
        for flag in flags:
            counts[flag] = counts.get(flag, 0) + 1
        if flagged is not None and bool(flags) != flagged:
            continue
        if len(answers) < limit:
            answers.append({**row, "flags": flags})
    return {"device": await device_out(device), "flagged": counts,
            "flagged_answers": sum(1 for r in rows if r["flags"]), "answers": answers}
