"""A form's case rule and an agency's case deadlines and days off, set and read
through the API (designers of the agency set them; its analysts read them)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from forms_service.agencies.service import agency_by_code
from forms_service.auth import Principal, Role
from forms_service.cases.policy import DEFAULTS, forget
from forms_service.cases.rules import DEFAULT_RULE, CaseRuleRejected, parse_rule
from forms_service.cases.workdays import MAX_DAYS
from forms_service.context import Context
from forms_service.db import json_value
from forms_service.errors import InvalidInput, NotFound
from forms_service.forms.service import load_form

__all__ = [
    "add_day_off",
    "get_rule",
    "get_settings",
    "latest_definition",
    "list_days_off",
    "put_rule",
    "put_settings",
    "remove_day_off",
]

_READERS = (Role.DESIGNER, Role.ANALYST)


async def latest_definition(ctx: Context, form: dict[str, Any]) -> Any:
    """The form's latest published definition (its draft if it has none)."""
    rows = await ctx.db.raw("SELECT definition FROM form_version WHERE form = {} "
                            "ORDER BY number DESC LIMIT 1", form["id"])
    return json_value(rows[0]["definition"]) if rows else form.get("draft")


async def put_rule(ctx: Context, principal: Principal, slug: str, raw: Any) -> dict[str, Any]:
    """Check and store the case rule of form ``slug`` (its agency's designers)."""
    principal.require_role(Role.DESIGNER)
    form = await load_form(principal, slug)
    principal.require_write_agency(form["agency"])
    try:
        rule = parse_rule(raw, await latest_definition(ctx, form))
    except CaseRuleRejected as exc:
        raise InvalidInput(exc.message, error_code="invalid_case_rule", **exc.params) from None
    now = dt.datetime.now(dt.UTC)
    async with ctx.db.write_transaction():
        await ctx.db.raw(
            "INSERT INTO case_rule (form, agency, rule, updated_at) VALUES ({}, {}, {}, {}) "
            "ON CONFLICT (form) DO UPDATE SET rule = excluded.rule, "
            "updated_at = excluded.updated_at", form["id"], form["agency"],
            json.dumps(rule.as_dict(), ensure_ascii=False), now)
    forget(ctx.db, "rule", form["id"])
    return {"form": slug, **rule.as_dict(), "default": False, "updated_at": now}


async def get_rule(ctx: Context, principal: Principal, slug: str) -> dict[str, Any]:
    """The form's case rule, or the default rule (``default``: true) if none was set."""
    principal.require_role(*_READERS)
    form = await load_form(principal, slug)
    rows = await ctx.db.raw("SELECT rule, updated_at FROM case_rule WHERE form = {}",
                            form["id"])
    if not rows:
        return {"form": slug, **DEFAULT_RULE.as_dict(), "default": True, "updated_at": None}
    return {"form": slug, **json_value(rows[0]["rule"]), "default": False,
            "updated_at": rows[0]["updated_at"]}


async def _agency(principal: Principal, code: str, *, write: bool) -> dict[str, Any]:
    principal.require_role(*((Role.DESIGNER,) if write else _READERS))
    agency = await agency_by_code(code)
    if not principal.can_see_agency(agency["id"]):
        raise NotFound("There is no agency with code {code}.", code=code[:40])
    if write:
        principal.require_write_agency(agency["id"])
    return agency


def _days(raw: Any, name: str, low: int, high: int) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool) or not low <= raw <= high:
        raise InvalidInput("{field} must be a whole number from {low} to {high}.",
                           field=name, low=low, high=high)
    return raw


async def put_settings(ctx: Context, principal: Principal, code: str,
                       raw: dict[str, Any]) -> dict[str, Any]:
    """Set the agency's deadlines (working days) and reopening window (days)."""
    agency = await _agency(principal, code, write=True)
    unknown = sorted(set(raw) - {"acknowledge_days", "respond_days", "reopen_days"})
    if unknown:
        raise InvalidInput("There is no setting {field}: use acknowledge_days, respond_days "
                           "and reopen_days.", field=str(unknown[0])[:40])
    acknowledge = _days(raw.get("acknowledge_days", DEFAULTS.acknowledge_days),
                        "acknowledge_days", 1, MAX_DAYS)
    respond = _days(raw.get("respond_days", DEFAULTS.respond_days), "respond_days", 1, MAX_DAYS)
    reopen = _days(raw.get("reopen_days", DEFAULTS.reopen_days), "reopen_days", 0, 365)
    if respond < acknowledge:
        raise InvalidInput("respond_days must be at least acknowledge_days: a case is "
                           "acknowledged before it is answered.")
    now = dt.datetime.now(dt.UTC)
    async with ctx.db.write_transaction():
        await ctx.db.raw(
            "INSERT INTO case_settings (agency, acknowledge_days, respond_days, reopen_days, "
            "updated_at) VALUES ({}, {}, {}, {}, {}) ON CONFLICT (agency) DO UPDATE SET "
            "acknowledge_days = excluded.acknowledge_days, respond_days = "
            "excluded.respond_days, reopen_days = excluded.reopen_days, "
            "updated_at = excluded.updated_at", agency["id"], acknowledge, respond, reopen, now)
    forget(ctx.db, "policy", agency["id"])
    return {"agency": agency["code"], "acknowledge_days": acknowledge,
            "respond_days": respond, "reopen_days": reopen, "updated_at": now}


async def get_settings(ctx: Context, principal: Principal, code: str) -> dict[str, Any]:
    agency = await _agency(principal, code, write=False)
    rows = await ctx.db.raw("SELECT acknowledge_days, respond_days, reopen_days, updated_at "
                            "FROM case_settings WHERE agency = {}", agency["id"])
    found = rows[0] if rows else {
        "acknowledge_days": DEFAULTS.acknowledge_days, "respond_days": DEFAULTS.respond_days,
        "reopen_days": DEFAULTS.reopen_days, "updated_at": None}
    return {"agency": agency["code"], **found}


def _day(raw: Any) -> dt.date:
    try:
        if not isinstance(raw, str) or len(raw) != 10:
            raise ValueError(raw)
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput("day {value!r} is not a date: write it as YYYY-MM-DD, such as "
                           "2027-02-12.", value=str(raw)[:20]) from None


def _day_row(row: dict[str, Any]) -> dict[str, Any]:
    day = row["day"]
    return {"day": day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10]),
            "note": row["note"]}


async def list_days_off(ctx: Context, principal: Principal, code: str) -> list[dict[str, Any]]:
    agency = await _agency(principal, code, write=False)
    rows = await ctx.db.raw("SELECT day, note FROM case_day_off WHERE agency = {} "
                            "ORDER BY day", agency["id"])
    return [_day_row(row) for row in rows]


async def add_day_off(ctx: Context, principal: Principal, code: str,
                      raw: dict[str, Any]) -> dict[str, Any]:
    """Add a day the agency does not work (a compensatory day off); again: its note."""
    agency = await _agency(principal, code, write=True)
    day = _day(raw.get("day"))
    note = raw.get("note", "")
    if not isinstance(note, str) or len(note) > 120:
        raise InvalidInput("note is a text of at most 120 characters.")
    async with ctx.db.write_transaction():
        await ctx.db.raw(
            "INSERT INTO case_day_off (agency, day, note) VALUES ({}, {}, {}) "
            "ON CONFLICT (agency, day) DO UPDATE SET note = excluded.note",
            agency["id"], day, note.strip())
    forget(ctx.db, "policy", agency["id"])
    return {"day": day, "note": note.strip()}


async def remove_day_off(ctx: Context, principal: Principal, code: str, day: str) -> None:
    agency = await _agency(principal, code, write=True)
    when = _day(day)
    async with ctx.db.write_transaction():
        rows = await ctx.db.raw("DELETE FROM case_day_off WHERE agency = {} AND day = {} "
                                "RETURNING id", agency["id"], when)
    if not rows:
        raise NotFound("The agency has no day off on {day}.", day=when.isoformat())
    forget(ctx.db, "policy", agency["id"])
