"""Devices: enrol one for a counter (or a unit's shared kiosk), bind it with its
one-time code, list the agency's devices, revoke one.

Designers and admins of the agency enrol and revoke; every key of the agency
(and the national office) lists. Enrolment gives a one-time code, valid
:data:`ENROLMENT_MINUTES` minutes; binding with it gives the device its
credential once (only a nonce to derive it again is kept).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from piccolo.query.functions.aggregate import Count

from forms_service.agencies.tables import Agency
from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.db import json_value
from forms_service.errors import Conflict, InvalidInput, NotFound
from forms_service.forms.tables import Form, FormVersion
from forms_service.kiosk.credentials import (
    derive_credential,
    digest,
    new_enrolment_code,
    new_nonce,
    new_public_id,
)
from forms_service.kiosk.hours import parse_hours
from forms_service.kiosk.questions import kiosk_questions, shows_rating
from forms_service.kiosk.tables import Device, KioskAnswer
from forms_service.organisation.scope import readable_agency, writable_agency
from forms_service.organisation.tables import Counter, Unit

__all__ = ["ENROLMENT_MINUTES", "bind_device", "device_out", "enrol_device", "find_device",
           "list_devices", "revoke_device"]

ENROLMENT_MINUTES = 15


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def _place(agency_id: int, counter: str | None, unit: str | None) -> tuple[int, int | None]:
    """``(unit id, counter id)`` for the codes given, within the agency."""
    if counter:
        row = await Counter.select(Counter.id, Counter.unit, Counter.active).where(
            (Counter.agency == agency_id) & (Counter.code == counter)).first().run()
        if row is None:
            raise NotFound("There is no counter with code {code}.", code=counter[:64])
        if not row["active"]:
            raise InvalidInput("The counter {code} is inactive: activate it first.",
                               code=counter[:64])
        return int(row["unit"]), int(row["id"])
    if unit:
        found = await Unit.select(Unit.id).where(
            (Unit.agency == agency_id) & (Unit.code == unit)).first().run()
        if found is None:
            raise NotFound("There is no unit with code {code}.", code=unit[:64])
        return int(found["id"]), None
    raise InvalidInput("Name the counter (counter=CODE) or, for a unit's shared kiosk, the "
                       "unit (unit=CODE) the device stands at.")


async def _form(agency_id: int, slug: str) -> int:
    """The id of the agency's published form ``slug``, if the kiosk can show it."""
    row = await Form.select(Form.id, Form.status, Form.latest_version).where(
        (Form.agency == agency_id) & (Form.slug == slug)).first().run()
    if row is None:
        raise NotFound("There is no form {slug}.", slug=slug[:80])
    if row["status"] != "published":
        raise InvalidInput("The survey {slug} is not published: publish it before a kiosk "
                           "shows it.", slug=slug[:80])
    version = await FormVersion.select(FormVersion.definition).where(
        (FormVersion.form == row["id"])
        & (FormVersion.number == row["latest_version"])).first().run()
    definition = json_value(version["definition"]) if version else {}
    if not shows_rating(definition):
        kiosk_questions(definition)
    return int(row["id"])


async def enrol_device(ctx: Context, principal: Principal, *, agency: str | None, name: str,
                       form: str, counter: str | None = None, unit: str | None = None,
                       opening_hours: str | None = None) -> dict[str, Any]:
    """A new device waiting to be bound, with its one-time ``code`` (shown once)."""
    principal.require_role(Role.DESIGNER)
    agency_id = await writable_agency(principal, agency)
    unit_id, counter_id = await _place(agency_id, counter, unit)
    form_id = await _form(agency_id, form)
    hours = " ".join(opening_hours.split()) if opening_hours and opening_hours.strip() else None
    if hours:
        parse_hours(hours)
    code = new_enrolment_code()
    expires = _now() + dt.timedelta(minutes=ENROLMENT_MINUTES)
    row = Device(agency=agency_id, public_id=new_public_id(), name=name.strip(),
                 unit=unit_id, counter=counter_id, form=form_id, status="pending",
                 enrolment_digest=digest(code), enrolment_expires_at=expires,
                 opening_hours=hours)
    await row.save().run()
    shown = await device_out(await _row_by_id(row.id))
    shown["code"] = code
    shown["enrolment_expires_at"] = expires
    return shown


async def bind_device(ctx: Context, code: str) -> dict[str, Any]:
    """Bind the device enrolled with ``code``: its public id and credential (once)."""
    cleaned = "".join(code.split()).upper()
    row = await Device.select().where(Device.enrolment_digest == digest(cleaned)).first().run()
    if row is None or row["status"] != "pending":
        raise NotFound("This enrolment code is unknown or was already used: ask for a new "
                       "one in the workspace.")
    if row["enrolment_expires_at"] is None or row["enrolment_expires_at"] < _now():
        raise NotFound("This enrolment code has expired (codes last {minutes} minutes): ask "
                       "for a new one.", minutes=ENROLMENT_MINUTES)
    nonce = new_nonce()
    claimed = await Device.update({
        Device.status: "active", Device.enrolment_digest: None, Device.credential_nonce: nonce,
        Device.bound_at: _now(), Device.last_contact_at: _now(),
    }).where((Device.id == row["id"]) & (Device.status == "pending")).returning(Device.id).run()
    if not claimed:
        raise Conflict("This enrolment code was used a moment ago by another device.")
    shown = await device_out(await _row_by_id(row["id"]))
    shown["credential"] = derive_credential(ctx.settings.secret_key, row["public_id"], nonce)
    return shown


async def _row_by_id(device_id: int) -> dict[str, Any]:
    row = await Device.select().where(Device.id == device_id).first().run()
    assert row is not None
    return row  # type: ignore[no-any-return]


async def device_out(row: dict[str, Any]) -> dict[str, Any]:
    """A device as the API shows it: references by code, counts of its answers."""
    agency = await Agency.select(Agency.code).where(Agency.id == row["agency"]).first().run()
    unit = await Unit.select(Unit.code).where(Unit.id == row["unit"]).first().run()
    counter = (await Counter.select(Counter.code).where(Counter.id == row["counter"]).first()
               .run()) if row["counter"] is not None else None
    form = await Form.select(Form.slug).where(Form.id == row["form"]).first().run()
    counts = await KioskAnswer.select(KioskAnswer.status, Count()).where(
        KioskAnswer.device == row["id"]).group_by(KioskAnswer.status).run()
    by_status = {c["status"]: int(c["count"]) for c in counts}
    return {
        "id": row["public_id"], "name": row["name"], "status": row["status"],
        "agency": agency["code"] if agency else None, "unit": unit["code"] if unit else None,
        "counter": counter["code"] if counter else None, "form": form["slug"] if form else None,
        "created_at": row["created_at"], "bound_at": row["bound_at"],
        "revoked_at": row["revoked_at"], "last_contact_at": row["last_contact_at"],
        "queue_size": int(row["queue_size"] or 0), "opening_hours": row["opening_hours"],
        "answers_stored": by_status.get("stored", 0),
        "answers_refused": by_status.get("refused", 0),
        "answers_rejected": by_status.get("rejected", 0),
        "answers_already_answered": by_status.get("already_answered", 0),
    }


async def list_devices(ctx: Context, principal: Principal, *,
                       agency: str | None) -> list[dict[str, Any]]:
    agency_id = await readable_agency(principal, agency)
    rows = await Device.select().where(Device.agency == agency_id).order_by(Device.id).run()
    return [await device_out(row) for row in rows]


async def find_device(principal: Principal, public_id: str) -> dict[str, Any]:
    """The device row with that public id, if the caller may see its agency."""
    row = await Device.select().where(Device.public_id == public_id).first().run()
    if row is None or not principal.can_see_agency(row["agency"]):
        raise NotFound("There is no device {device}.", device=public_id[:32])
    return row  # type: ignore[no-any-return]


async def revoke_device(ctx: Context, principal: Principal, public_id: str) -> dict[str, Any]:
    """Revoke a device: its credential stops at once; what it still sends is kept apart."""
    principal.require_role(Role.DESIGNER)
    row = await find_device(principal, public_id)
    principal.require_write_agency(row["agency"])
    if row["status"] != "revoked":
        await Device.update({Device.status: "revoked", Device.revoked_at: _now(),
                             Device.enrolment_digest: None}).where(Device.id == row["id"]).run()
    return await device_out(await _row_by_id(row["id"]))
