"""What a device needs to show: its counter, the officer on duty, and the form
version it shows (which it keeps, to work without a network)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from forms_service.context import Context
from forms_service.db import json_value
from forms_service.errors import Forbidden, FormClosed
from forms_service.forms.tables import Form, FormVersion
from forms_service.kiosk.duty import officer_at
from forms_service.kiosk.questions import kiosk_questions, shows_rating
from forms_service.kiosk.tables import Device
from forms_service.organisation.tables import Counter, Unit

__all__ = ["device_state"]


async def device_state(ctx: Context, device: dict[str, Any], queue: int | None) -> dict[str, Any]:
    """The device's place, officer on duty and form version; records the contact."""
    now = dt.datetime.now(dt.UTC)
    changes: dict[Any, Any] = {Device.last_contact_at: now}
    if queue is not None:
        changes[Device.queue_size] = queue
    await Device.update(changes).where(Device.id == device["id"]).run()
    if device["status"] != "active":
        raise Forbidden("This device has been revoked: its answers are kept apart for review. "
                        "Enrol the device again.", error_code="device_revoked")
    form = await Form.select(Form.slug, Form.status, Form.latest_version).where(
        Form.id == device["form"]).first().run()
    assert form is not None
    if form["status"] != "published":
        raise FormClosed(form["slug"])
    version = await FormVersion.select(FormVersion.number, FormVersion.definition).where(
        (FormVersion.form == device["form"])
        & (FormVersion.number == form["latest_version"])).first().run()
    assert version is not None
    unit = await Unit.select(Unit.code, Unit.name).where(Unit.id == device["unit"]).first().run()
    counter = (await Counter.select(Counter.code, Counter.name).where(
        Counter.id == device["counter"]).first().run()) if device["counter"] else None
    officer = await officer_at(device["counter"], now) if device["counter"] else None
    definition = json_value(version["definition"])
    questions = None if shows_rating(definition) else kiosk_questions(definition)
    return {
        "device": device["public_id"], "name": device["name"],
        "unit": unit["code"] if unit else "", "unit_name": unit["name"] if unit else "",
        "counter": counter["code"] if counter else None,
        "counter_name": counter["name"] if counter else None,
        "officer": officer, "form": form["slug"], "version": version["number"],
        "definition": definition, "questions": questions,
        "idle_seconds": ctx.settings.kiosk_idle_seconds,
        "server_time": now,
    }
