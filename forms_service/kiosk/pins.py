"""Officers' PINs: a designer sets an officer's personal PIN; at the start of a
shift the officer chooses themself on the kiosk's staff screen with it, and is
on duty at the device's counter from then on.

PINs are stored as Argon2id hashes. After :data:`MAX_FAILURES` wrong PINs in a
row an officer's PIN is locked for :data:`LOCK_MINUTES` minutes (a one-stop
system may still set the officer on duty).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from forms_service.accounts.passwords import hash_password, verify_password
from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from forms_service.kiosk.duty import record_duty
from forms_service.kiosk.tables import OfficerPin
from forms_service.organisation.scope import writable_agency
from forms_service.organisation.tables import Counter, Officer

__all__ = ["LOCK_MINUTES", "MAX_FAILURES", "set_pin", "sign_on"]

MAX_FAILURES = 5
LOCK_MINUTES = 15
PIN = re.compile(r"^[0-9]{4,8}$")


async def _officer(agency_id: int, code: str) -> dict[str, Any]:
    row = await Officer.select(Officer.id, Officer.code, Officer.active).where(
        (Officer.agency == agency_id) & (Officer.code == code)).first().run()
    if row is None:
        raise NotFound("There is no officer with code {code}.", code=code[:64])
    return row  # type: ignore[no-any-return]


async def set_pin(ctx: Context, principal: Principal, code: str, pin: str, *,
                  agency: str | None = None) -> dict[str, Any]:
    """Set (or replace) officer ``code``'s PIN; unlocks it."""
    principal.require_role(Role.DESIGNER)
    agency_id = await writable_agency(principal, agency)
    officer = await _officer(agency_id, code)
    if not PIN.match(pin):
        raise InvalidInput("A PIN is 4 to 8 digits.")
    digest = await hash_password(pin)
    existing = await OfficerPin.select(OfficerPin.id).where(
        OfficerPin.officer == officer["id"]).first().run()
    if existing is None:
        await OfficerPin(officer=officer["id"], pin_hash=digest).save().run()
    else:
        await OfficerPin.update({OfficerPin.pin_hash: digest, OfficerPin.failures: 0,
                                 OfficerPin.locked_until: None}).where(
            OfficerPin.id == existing["id"]).run()
    return {"officer": officer["code"], "pin_set": True}


async def sign_on(ctx: Context, device: dict[str, Any], code: str, pin: str) -> dict[str, Any]:
    """Officer ``code`` is on duty at ``device``'s counter from now, if the PIN matches."""
    if device["status"] != "active":
        raise Forbidden("This device has been revoked.", error_code="device_revoked")
    if device["counter"] is None:
        raise InvalidInput("This device is a unit's shared kiosk, not a counter's: nobody "
                           "is on duty at it.")
    officer = await Officer.select(Officer.id, Officer.code, Officer.active).where(
        (Officer.agency == device["agency"]) & (Officer.code == code)).first().run()
    stored = await OfficerPin.select().where(
        OfficerPin.officer == officer["id"]).first().run() if officer else None
    now = dt.datetime.now(dt.UTC)
    if stored is not None and stored["locked_until"] is not None and stored["locked_until"] > now:
        raise Forbidden("Too many wrong PINs: this officer's PIN is locked for {minutes} "
                        "minutes.", minutes=LOCK_MINUTES, error_code="pin_locked")
    ok = await verify_password(stored["pin_hash"] if stored else None, pin)
    if not ok or officer is None or not officer["active"]:
        if stored is not None:
            failures = int(stored["failures"]) + 1
            locked = now + dt.timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
            await OfficerPin.update({OfficerPin.failures: 0 if locked else failures,
                                     OfficerPin.locked_until: locked}).where(
                OfficerPin.id == stored["id"]).run()
        raise Unauthorized("The officer code or PIN is wrong.", error_code="wrong_pin")
    await OfficerPin.update({OfficerPin.failures: 0}).where(OfficerPin.id == stored["id"]).run()
    counter = await Counter.select(Counter.code).where(Counter.id == device["counter"]).first()
    await record_duty(device["agency"], device["counter"], officer["id"], "pin", now)
    return {"counter": counter["code"], "officer": officer["code"], "since": now,
            "source": "pin"}
