"""People: creation, look-up, passwords and language preference.

Services raise the errors of ``forms_service.errors``; the pages and the
CLI turn them into messages.
"""

from __future__ import annotations

import re
from typing import Any

from msgspec import UNSET

from forms_service.accounts import passwords
from forms_service.accounts.tables import Person, PersonSession
from forms_service.agencies.service import agency_by_code
from forms_service.context import Context
from forms_service.db import is_unique_violation
from forms_service.errors import Conflict, InvalidInput, NotFound
from forms_service.i18n import DEFAULT_LOCALE, LOCALES
from forms_service.organisation.tables import Unit
from forms_service.roles import Agency, Role, person_role
from forms_service.text import clean_name, nfc

__all__ = [
    "change_password",
    "change_person",
    "create_person",
    "list_people",
    "normalize_email",
    "person_by_email",
    "person_by_id",
    "set_active",
    "set_locale",
    "set_unit",
    "unit_for",
]

_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"'.]+$")

_COLUMNS = (
    Person.id, Person.email, Person.name, Person.role, Person.agency,
    Person.agency.code.as_alias("agency_code"), Person.unit,
    Person.unit.code.as_alias("unit_code"), Person.unit.name.as_alias("unit_name"),
    Person.locale, Person.active, Person.created_at,
)


def normalize_email(value: str) -> str:
    """The stored form of an e-mail address: trimmed, NFC, lower-cased."""
    return nfc(value).strip().lower()


def _valid_email(value: str) -> str:
    email = normalize_email(value)
    if not email or len(email) > 254 or not _EMAIL.fullmatch(email):
        raise InvalidInput(
            "The e-mail address {email!r} is not valid; write it like ten@coquan.gov.vn.",
            email=email[:80],
        )
    return email


def check_new_password(password: str) -> str:
    if len(password) < passwords.MIN_LENGTH:
        raise InvalidInput(
            "The password is too short: use at least {minimum} characters.",
            minimum=passwords.MIN_LENGTH,
        )
    if len(password) > passwords.MAX_LENGTH:
        raise InvalidInput(
            "The password is too long: at most {maximum} characters.",
            maximum=passwords.MAX_LENGTH,
        )
    return password


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "email": row["email"], "name": row["name"], "role": row["role"],
        "agency": row["agency_code"], "agency_id": row["agency"], "unit": row["unit_code"],
        "unit_id": row["unit"], "unit_name": row["unit_name"], "locale": row["locale"],
        "active": bool(row["active"]), "created_at": row["created_at"],
    }


async def create_person(
    ctx: Context,
    *,
    email: str,
    name: str,
    role: str,
    agency_code: str | None,
    password: str | None,
    locale: str = DEFAULT_LOCALE,
    unit_code: str | None = None,
) -> dict[str, Any]:
    """Register a person who signs in to the workspace.

    People hold the roles that allow it (``RoleSpec.people``), under the
    role's agency rule: designers belong to an agency; admins to none; an
    analyst without an agency belongs to the national office and reads
    every agency.  Without a password the person signs in by one-time link
    only.  ``unit_code`` limits a designer or analyst of an agency to that
    unit of it and its sub-units (:func:`unit_for`).
    """
    address = _valid_email(email)
    label = clean_name(name, "name")
    spec = person_role(role)
    if locale not in LOCALES:
        raise InvalidInput("locale must be vi or en.")
    agency_id: int | None = None
    if spec.agency is Agency.NONE:
        if agency_code:
            raise InvalidInput(spec.person_refusal)
    elif agency_code:
        agency_id = (await agency_by_code(agency_code))["id"]
    elif spec.agency is Agency.REQUIRED:
        raise InvalidInput(spec.person_refusal)
    unit_id = await unit_for(spec.role.value, agency_id, unit_code) if unit_code else None
    digest = None
    if password is not None:
        digest = await passwords.hash_password(check_new_password(password))
    if await Person.exists().where(Person.email == address).run():
        raise Conflict("Someone already signs in with {email}.", email=address)
    try:
        async with ctx.db.write_transaction():
            rows = await Person.insert(
                Person(email=address, name=label, password_hash=digest, role=spec.role.value,
                       agency=agency_id, unit=unit_id, locale=locale, active=True)
            ).returning(Person.id).run()
    except Exception as exc:
        if is_unique_violation(exc):
            raise Conflict("Someone already signs in with {email}.", email=address) from None
        raise
    return await person_by_id(ctx, rows[0]["id"])


async def person_by_id(ctx: Context, person_id: int) -> dict[str, Any]:
    row = await Person.select(*_COLUMNS).where(Person.id == person_id).first().run()
    if row is None:
        raise NotFound("There is no such person.")
    return _public(row)


async def person_by_email(ctx: Context, email: str) -> dict[str, Any]:
    address = normalize_email(email)
    row = await Person.select(*_COLUMNS).where(Person.email == address).first().run()
    if row is None:
        raise NotFound("Nobody signs in with {email}.", email=address[:80])
    return _public(row)


async def password_hash_of(person_id: int) -> str | None:
    row = await Person.select(Person.password_hash).where(Person.id == person_id).first().run()
    return None if row is None else row["password_hash"]


async def change_password(
    ctx: Context, person_id: int, *, current: str | None, new: str, keep_session: str | None
) -> None:
    """Set a new password; every other session of the person ends.

    ``current`` is required when the person has a password already.
    """
    check_new_password(new)
    stored = await password_hash_of(person_id)
    if stored is not None and not await passwords.verify_password(stored, current or ""):
        raise InvalidInput("The current password is wrong.", error_code="wrong_password")
    digest = await passwords.hash_password(new)
    async with ctx.db.write_transaction():
        await Person.update({Person.password_hash: digest}).where(Person.id == person_id).run()
        query = PersonSession.delete().where(PersonSession.person == person_id)
        if keep_session is not None:
            query = query.where(PersonSession.token_hash != keep_session)
        await query.run()


async def set_locale(ctx: Context, person_id: int, locale: str) -> None:
    if locale not in LOCALES:
        raise InvalidInput("locale must be vi or en.")
    async with ctx.db.write_transaction():
        await Person.update({Person.locale: locale}).where(Person.id == person_id).run()


async def set_active(ctx: Context, email: str, active: bool) -> dict[str, Any]:
    """Allow or stop a person's sign-in; stopping ends their sessions."""
    person = await person_by_email(ctx, email)
    async with ctx.db.write_transaction():
        await Person.update({Person.active: active}).where(Person.id == person["id"]).run()
        if not active:
            await PersonSession.delete().where(PersonSession.person == person["id"]).run()
    return person | {"active": active}


async def unit_for(role: str, agency_id: int | None, unit_code: str) -> int:
    """The id of the unit ``unit_code`` a person of ``role`` and ``agency_id`` may be
    limited to: an active unit of the person's own agency; only designers and analysts
    of an agency have a unit (admins and the national office see every agency)."""
    if role not in (Role.DESIGNER.value, Role.ANALYST.value) or agency_id is None:
        raise InvalidInput(
            "Only a designer or an analyst of an agency can be limited to a unit; "
            "an administrator or a national analyst sees every agency.",
            error_code="unit_not_allowed")
    code = nfc(unit_code).strip()
    row = await Unit.select(Unit.id, Unit.active).where(
        (Unit.agency == agency_id) & (Unit.code == code[:64])).first().run()
    if row is None:
        raise InvalidInput(
            "The person's agency has no unit with code {code}; give the code of one of "
            "its units (see the Organisation page).", code=code[:64], error_code="unknown_unit")
    if not row["active"]:
        raise InvalidInput(
            "The unit {code} is closed or deactivated; limit the person to an active unit.",
            code=code[:64], error_code="unit_inactive")
    return int(row["id"])


async def list_people(ctx: Context, agency_code: str | None = None) -> list[dict[str, Any]]:
    """Every person (of the agency ``agency_code``), by agency, then e-mail address."""
    query = Person.select(*_COLUMNS).order_by(Person.agency).order_by(Person.email)
    if agency_code:
        query = query.where(Person.agency == (await agency_by_code(agency_code))["id"])
    return [_public(row) for row in await query.run()]


async def change_person(ctx: Context, person_id: int, *, unit: Any = UNSET,
                        active: Any = UNSET) -> dict[str, Any]:
    """Change a person's unit (``None``: the whole agency) and whether they may sign in
    (stopping ends their sessions); the fields not given stay."""
    person = await person_by_id(ctx, person_id)
    changes: dict[Any, Any] = {}
    if unit is not UNSET:
        changes[Person.unit] = (await unit_for(person["role"], person["agency_id"], unit)
                                if unit else None)
    if active is not UNSET:
        changes[Person.active] = bool(active)
    if changes:
        async with ctx.db.write_transaction():
            await Person.update(changes).where(Person.id == person_id).run()
            if active is False:
                await PersonSession.delete().where(PersonSession.person == person_id).run()
    return await person_by_id(ctx, person_id)


async def set_unit(ctx: Context, email: str, unit_code: str | None) -> dict[str, Any]:
    """Limit a person to a unit of their agency and its sub-units (``unit_code``), or
    to none (``None``: the whole agency again).  The scope is read with the session
    on every request, so it applies from the person's next page."""
    person = await person_by_email(ctx, email)
    return await change_person(ctx, person["id"], unit=unit_code)
