"""What each person asked for (an e-mail on each new case, a digest), and who gets
an alert: :func:`recipients`, the one place that says whose scope a case is in.

A person sets their own on the account page; an agency's designers read and
set those of the agency's people through the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from forms_service.agencies.service import agency_by_code
from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.db import Database
from forms_service.errors import InvalidInput, NotFound
from forms_service.organisation.scope import unit_subtree

__all__ = ["DIGESTS", "agency_preferences", "get_preferences", "recipients",
           "set_person_preferences", "set_preferences"]

DIGESTS = ("none", "daily", "weekly")
#: the roles of the people who handle cases (and so may be alerted of them)
ALERTED_ROLES = ("designer", "analyst")
_FIELDS = frozenset({"case_alerts", "digest"})


async def get_preferences(db: Database, person_id: int) -> dict[str, Any]:
    """A person's alerts (nothing asked for: none)."""
    rows = await db.raw("SELECT case_alerts, digest, updated_at FROM alert_preference "
                        "WHERE person = {}", person_id)
    if not rows:
        return {"case_alerts": False, "digest": "none", "updated_at": None}
    return {"case_alerts": bool(rows[0]["case_alerts"]), "digest": rows[0]["digest"],
            "updated_at": rows[0]["updated_at"]}


def check_preferences(raw: Any) -> tuple[bool, str]:
    """``case_alerts`` (true or false) and ``digest`` (none, daily, weekly) of a body."""
    if not isinstance(raw, dict):
        raise InvalidInput("Alerts are an object with case_alerts (true or false) and "
                           "digest (none, daily or weekly).")
    unknown = sorted(str(name) for name in set(raw) - _FIELDS)
    if unknown:
        raise InvalidInput("Alerts have no field {field}: use case_alerts and digest.",
                           field=unknown[0][:40])
    case_alerts = raw.get("case_alerts", False)
    if not isinstance(case_alerts, bool):
        raise InvalidInput("{field} is true or false.", field="case_alerts")
    digest = raw.get("digest", "none")
    if digest not in DIGESTS:
        raise InvalidInput("digest must be one of: {choices}.", choices=", ".join(DIGESTS))
    return case_alerts, str(digest)


async def set_preferences(db: Database, person_id: int, raw: Any) -> dict[str, Any]:
    """Store a person's alerts (checked); what is stored."""
    case_alerts, digest = check_preferences(raw)
    now = dt.datetime.now(dt.UTC)
    async with db.write_transaction():
        await db.raw(
            "INSERT INTO alert_preference (person, case_alerts, digest, updated_at) "
            "VALUES ({}, {}, {}, {}) ON CONFLICT (person) DO UPDATE SET "
            "case_alerts = excluded.case_alerts, digest = excluded.digest, "
            "updated_at = excluded.updated_at", person_id, case_alerts, digest, now)
    return {"case_alerts": case_alerts, "digest": digest, "updated_at": now}


async def _agency(principal: Principal, code: str, *, write: bool) -> dict[str, Any]:
    principal.require_role(Role.DESIGNER)
    agency = await agency_by_code(code)
    if not principal.can_see_agency(agency["id"]):
        raise NotFound("There is no agency with code {code}.", code=code[:40])
    if write:
        principal.require_write_agency(agency["id"])
    return agency


_PEOPLE = ("SELECT p.id, p.name, p.role, p.locale, p.active, "
           "COALESCE(a.case_alerts, {}) AS case_alerts, COALESCE(a.digest, 'none') AS digest "
           "FROM person p LEFT JOIN alert_preference a ON a.person = p.id "
           "WHERE p.agency = {}")


def _person_row(row: dict[str, Any]) -> dict[str, Any]:
    return {"person": row["id"], "name": row["name"], "role": row["role"],
            "locale": row["locale"] or "vi", "active": bool(row["active"]),
            "case_alerts": bool(row["case_alerts"]), "digest": row["digest"]}


async def agency_preferences(ctx: Context, principal: Principal,
                             code: str) -> list[dict[str, Any]]:
    """The alerts of every person of agency ``code`` (its designers; admins)."""
    agency = await _agency(principal, code, write=False)
    rows = await ctx.db.raw(_PEOPLE + " ORDER BY p.id", False, agency["id"])
    return [_person_row(row) for row in rows]


async def set_person_preferences(ctx: Context, principal: Principal, code: str,
                                 person_id: int, raw: Any) -> dict[str, Any]:
    """Set the alerts of a person of agency ``code`` (its designers)."""
    agency = await _agency(principal, code, write=True)
    rows = await ctx.db.raw(_PEOPLE + " AND p.id = {}", False, agency["id"], person_id)
    if not rows:
        raise NotFound("The agency has no person with id {id}.", id=person_id)
    stored = await set_preferences(ctx.db, person_id, raw)
    return _person_row({**rows[0], **stored})


async def recipients(db: Database, agency_id: int, *, kind: str,
                     units: tuple[int | None, ...] = ()) -> list[dict[str, Any]]:
    """The people to alert: the active designers and analysts of the agency who asked
    for ``kind`` (``case``: an e-mail on each new case; ``daily`` or ``weekly``: that
    digest), each with ``id``, ``email``, ``name``, ``locale`` and ``unit`` (their unit
    scope, or None for the whole agency).

    ``units``: for a case, the units it concerns (the unit that served and the unit
    assigned): a person whose row has a unit scope is alerted only when one of them
    is that unit or a unit below it.  Digests pass none and read each person's scope
    from ``unit`` (:func:`scope_units`).
    """
    wanted = "a.case_alerts = {}" if kind == "case" else "a.digest = {}"
    value: Any = True if kind == "case" else kind
    rows = await db.raw(
        "SELECT p.id, p.email, p.name, p.locale, p.unit FROM person p "
        "JOIN alert_preference a ON a.person = p.id WHERE p.agency = {} AND p.active = {} "
        f"AND p.role IN ('designer', 'analyst') AND {wanted} ORDER BY p.id",
        agency_id, True, value)
    people = [dict(row) for row in rows]
    if kind != "case":
        return people
    found = {u for u in units if u is not None}
    chosen = []
    for person in people:
        if person["unit"] is None or found & set(await scope_units(db, int(person["unit"]))):
            chosen.append(person)
    return chosen


async def scope_units(db: Database, unit_id: int) -> list[int]:
    """A unit and every unit below it: the unit scope of a person limited to it."""
    return sorted(await unit_subtree(db, unit_id))
