"""A device's activity: its latest answers, what was flagged and why, what was
rejected or kept apart; per day, and the preset reasons chosen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.db import json_value
from forms_service.forms.tables import FormVersion
from forms_service.i18n import VIETNAM
from forms_service.kiosk.devices import device_out, find_device
from forms_service.kiosk.flags import FLAGS
from forms_service.kiosk.tables import KioskAnswer
from forms_service.responses.tables import Response

__all__ = ["device_activity", "device_review"]


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


def _choice_question(definition: dict[str, Any]) -> str | None:
    """The preset reasons of a form, as the kiosk finds them: the first question with
    choices, other than the satisfaction question, shown on a condition (``x-show-if``)."""
    satisfaction = ((definition.get("x-survey") or {}).get("satisfaction") or {}).get("question")
    for name, question in (definition.get("properties") or {}).items():
        if (name != satisfaction and isinstance(question, dict) and question.get("oneOf")
                and question.get("x-show-if")):
            return str(name)
    return None


def _choice_label(definition: dict[str, Any], name: str, value: Any, locale: str) -> str:
    question = definition["properties"][name]
    for choice in question.get("oneOf") or []:
        if choice.get("const") == value:
            if locale != "vi":
                english = (((definition.get("x-survey") or {}).get("translations") or {})
                           .get(locale, {}).get("properties", {}).get(name, {})
                           .get("choices", {}))
                return str(english.get(str(value)) or choice.get("title") or value)
            return str(choice.get("title") or value)
    return str(value)


async def device_review(ctx: Context, principal: Principal, public_id: str, *,
                        days: int = 30, locale: str = "vi") -> dict[str, Any]:
    """What the device's workspace page shows: answers per day (Vietnam time) over the
    last ``days`` days, the answers refused or rejected and kept apart for review, the
    flagged ones, and the preset reasons chosen with its not-satisfied answers."""
    principal.require_role(Role.DESIGNER, Role.ANALYST)
    device = await find_device(principal, public_id)
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    rows = await KioskAnswer.select(
        KioskAnswer.seq, KioskAnswer.status, KioskAnswer.answered_at, KioskAnswer.received_at,
        KioskAnswer.flags, KioskAnswer.reason, KioskAnswer.response,
    ).where((KioskAnswer.device == device["id"]) & (KioskAnswer.received_at >= since)
            ).order_by(KioskAnswer.seq, ascending=False).run()
    per_day: dict[str, dict[str, Any]] = {}
    kept, flagged = [], []
    for row in rows:
        flags = [f for f in (row["flags"] or "").split(",") if f]
        day = row["answered_at"].astimezone(VIETNAM).date().isoformat()
        counts = per_day.setdefault(day, {"day": day, "stored": 0, "flagged": 0,
                                          "refused": 0, "rejected": 0})
        if row["status"] in counts:
            counts[row["status"]] += 1
        if flags and row["status"] == "stored":
            counts["flagged"] += 1
            flagged.append({**row, "flags": flags})
        if row["status"] in ("refused", "rejected", "already_answered"):
            kept.append({**row, "flags": flags})
    return {"device": await device_out(device), "days": sorted(per_day.values(),
                                                               key=lambda d: d["day"],
                                                               reverse=True),
            "kept_apart": kept, "flagged": flagged,
            "reasons": await _reasons(device["id"], since, locale)}


async def _reasons(device_id: int, since: dt.datetime, locale: str) -> list[dict[str, Any]]:
    """How often each preset reason was chosen with the device's not-satisfied answers."""
    rows = await Response.select(Response.answers, Response.form_version).where(
        (Response.id.is_in(KioskAnswer.select(KioskAnswer.response).where(
            (KioskAnswer.device == device_id) & (KioskAnswer.status == "stored")
            & (KioskAnswer.received_at >= since))))
        & (Response.satisfied == False)).run()  # noqa: E712 (a SQL comparison)
    definitions: dict[int, dict[str, Any]] = {}
    counts: dict[str, int] = {}
    for row in rows:
        version = int(row["form_version"])
        if version not in definitions:
            found = await FormVersion.select(FormVersion.definition).where(
                FormVersion.id == version).first().run()
            definitions[version] = json_value(found["definition"]) if found else {}
        definition = definitions[version]
        name = _choice_question(definition)
        answers = json_value(row["answers"]) or {}
        label = (_choice_label(definition, name, answers[name], locale)
                 if name and name in answers else None)
        key = label if label is not None else ""
        counts[key] = counts.get(key, 0) + 1
    return [{"reason": k or None, "count": v}
            for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
