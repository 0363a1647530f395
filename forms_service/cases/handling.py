"""Handling a case: its transitions (who, when, from and to) and notes.

Answering a case (``respond``) may carry the reply to the citizen (``reply``),
recorded and, when the case has a contact, sent through the outbox in the same
transaction (:mod:`forms_service.cases.replies`); closing erases the contact.

Only the agency's own designers and analysts (and admins) change a case;
the national office reads.  A transition is recorded with the state it
left, in one transaction with the change, and the change applies only if
the case is still in that state: two people acting at once on one case get
one transition and one 409.  Each change writes its ``case.updated`` webhook
event in its transaction (one call, nothing for an agency without endpoints).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from forms_service.auth import Principal
from forms_service.cases.policy import agency_policy
from forms_service.cases.queries import case_detail, load_case
from forms_service.cases.replies import MAX_REPLY, write_reply
from forms_service.cases.states import TransitionRefused, move
from forms_service.context import Context
from forms_service.errors import Conflict, Forbidden, InvalidInput
from forms_service.i18n import vietnam_today
from forms_service.organisation.scope import unit_subtree
from forms_service.webhooks.cases import case_updated

__all__ = ["MAX_NOTE", "add_note", "transition"]

MAX_NOTE = 4000
_FIELDS = frozenset({"action", "outcome", "unit", "person", "note", "reply"})


def _aware(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


async def _assignee(ctx: Context, principal: Principal, case: dict[str, Any],
                    body: dict[str, Any]) -> tuple[int | None, int | None]:
    """The unit or person a case is assigned to (exactly one of them); a person limited
    to a unit assigns only to that unit or its sub-units, and a case goes only to a
    person who can see it (one limited to a unit: the case's unit is among theirs)."""
    agency_id = case["agency"]
    unit, person = body.get("unit"), body.get("person")
    if (unit is None) == (person is None):
        raise InvalidInput("To assign a case give either unit (a unit's code) or person "
                           "(the id of a person of the agency).")
    if unit is not None:
        rows = await ctx.db.raw("SELECT id FROM unit WHERE agency = {} AND code = {} "
                                "AND active", agency_id, str(unit)[:64])
        if not rows:
            raise InvalidInput("The agency has no active unit with code {code}.",
                               code=str(unit)[:64])
        if not principal.can_see_unit(rows[0]["id"]):
            raise Forbidden("The unit {code} is outside your units: you can assign a case "
                            "only to your unit or one of its sub-units.", code=str(unit)[:64],
                            error_code="unit_outside_scope")
        return rows[0]["id"], None
    if not isinstance(person, int) or isinstance(person, bool):
        raise InvalidInput("person is the id (a number) of a person of the agency.")
    rows = await ctx.db.raw("SELECT id, unit FROM person WHERE id = {} AND agency = {} "
                            "AND active", person, agency_id)
    if not rows:
        raise InvalidInput("The agency has no active person with id {id}.", id=person)
    if rows[0]["unit"] is not None and case.get("unit_id") not in await unit_subtree(
            ctx.db, int(rows[0]["unit"])):
        raise InvalidInput("Person {id} is limited to a unit this case was not answered at, "
                           "so they could not see it: assign it to someone of its unit, or "
                           "to its unit.", id=person, error_code="person_outside_unit")
    return None, rows[0]["id"]


def _note_text(raw: Any) -> str:
    text = unicodedata.normalize("NFC", raw).strip() if isinstance(raw, str) else ""
    if not text or len(text) > MAX_NOTE:
        raise InvalidInput("A note is a text of 1 to {max} characters.", max=MAX_NOTE)
    return text


def _reply_text(action: Any, raw: Any) -> str | None:
    if raw is None:
        return None
    if action != "respond":
        raise InvalidInput("Only respond takes a reply: leave reply out.")
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").strip() \
        if isinstance(raw, str) else ""
    if not text or len(text) > MAX_REPLY:
        raise InvalidInput("A reply is a text of 1 to {max} characters.", max=MAX_REPLY)
    return text


async def transition(ctx: Context, principal: Principal, case_id: int,
                     body: dict[str, Any], *, locale: str = "vi") -> dict[str, Any]:
    """Move a case by ``body["action"]`` (with ``outcome``, ``unit`` or ``person`` as the
    action needs, and an optional ``note``); the case as it is after."""
    row = await load_case(ctx, principal, case_id)
    principal.require_write_agency(row["agency"])
    unknown = sorted(set(body) - _FIELDS)
    if unknown:
        raise InvalidInput("A transition has no field {field}: use action, outcome, unit, "
                           "person, note and reply.", field=str(unknown[0])[:40])
    action = body.get("action")
    note = _note_text(body["note"]) if body.get("note") is not None else None
    reply = _reply_text(action, body.get("reply"))
    policy = await agency_policy(ctx.db, row["agency"])
    now = dt.datetime.now(dt.UTC)
    try:
        step = move(row["state"], str(action), outcome=body.get("outcome"),
                    assigned=row["assigned_unit"] is not None or row["assigned_person"]
                    is not None, closed_at=_aware(row["closed_at"]), now=now,
                    reopen_days=policy.reopen_days)
    except TransitionRefused as exc:
        error = Conflict if exc.conflict else InvalidInput
        raise error(exc.message, error_code="invalid_transition", **exc.params) from None
    changes: dict[str, Any] = {"state": step.to_state, "updated_at": now}
    if step.action == "acknowledge":
        changes["acknowledged_at"] = now
    elif step.action == "assign":
        changes["assigned_unit"], changes["assigned_person"] = await _assignee(
            ctx, principal, row, body)
    elif step.action == "respond":
        changes["responded_at"] = now
    elif step.action == "close":  # the contact kept to reply by is erased
        changes |= {"closed_at": now, "outcome": step.outcome, "sealed_contact": None}
    elif step.action == "reopen":
        changes |= {"closed_at": None, "outcome": None, "responded_at": None,
                    "respond_due": policy.calendar.add(vietnam_today(), policy.respond_days),
                    "reopened": row["reopened"] + 1}
    sets = ", ".join(f"{name} = {{}}" for name in changes)
    async with ctx.db.write_transaction():
        moved = await ctx.db.raw(
            f"UPDATE feedback_case SET {sets} WHERE id = {{}} AND state = {{}} RETURNING id",
            *changes.values(), case_id, row["state"])
        if not moved:
            raise Conflict("The case changed meanwhile: read it again and retry.",
                           error_code="invalid_transition")
        await ctx.db.raw(
            "INSERT INTO case_transition (\"case\", action, from_state, to_state, outcome, "
            "actor, at) VALUES ({}, {}, {}, {}, {}, {}, {})", case_id, step.action,
            step.from_state, step.to_state, step.outcome, principal.key_id[:64], now)
        if note is not None:
            await ctx.db.raw("INSERT INTO case_note (\"case\", actor, text, at) "
                             "VALUES ({}, {}, {}, {})", case_id, principal.key_id[:64],
                             note, now)
        if reply is not None:
            await write_reply(ctx, case_id, reply, principal.key_id[:64], now)
        await case_updated(ctx.db, row["agency"], case_id, action=step.action, note=note)
    return await case_detail(ctx, principal, case_id, locale=locale)


async def add_note(ctx: Context, principal: Principal, case_id: int,
                   body: dict[str, Any]) -> dict[str, Any]:
    """Add a note to a case; the note as stored."""
    row = await load_case(ctx, principal, case_id)
    principal.require_write_agency(row["agency"])
    text = _note_text(body.get("text"))
    now = dt.datetime.now(dt.UTC)
    async with ctx.db.write_transaction():
        [note] = await ctx.db.raw(
            "INSERT INTO case_note (\"case\", actor, text, at) VALUES ({}, {}, {}, {}) "
            "RETURNING id", case_id, principal.key_id[:64], text, now)
        await ctx.db.raw("UPDATE feedback_case SET updated_at = {} WHERE id = {}", now, case_id)
        await case_updated(ctx.db, row["agency"], case_id, action="note", note=text)
    return {"id": note["id"], "actor": principal.key_id[:64], "text": text, "at": now}
