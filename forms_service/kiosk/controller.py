"""``/api/v1/devices`` (enrol, bind, list, revoke), ``PUT
/api/v1/counters/{code}/on-duty`` and ``POST /api/v1/kiosk/answers`` (a
device's queued answers, signed with its credential)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, HeaderParameter, JSONBody, QueryParameter

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.http import request_locale
from forms_service.i18n import translate
from forms_service.kiosk import devices, duty, pins
from forms_service.kiosk.activity import device_activity
from forms_service.kiosk.answers import AnswerIn, authenticate_device, receive_answers
from forms_service.kiosk.enrolment import enrol_url, qr_svg
from forms_service.kiosk.schemas import (
    ActivityOut,
    AnswerResultOut,
    AnswersIn,
    AnswersOut,
    BindIn,
    DeviceBound,
    DeviceEnrolled,
    DeviceIn,
    DeviceOut,
    DutyIn,
    DutyOut,
    PinIn,
    PinOut,
    SignOnIn,
    StateIn,
    StateOut,
)
from forms_service.kiosk.state import device_state
from forms_service.openapi import ErrorBody

__all__ = ["DeviceController", "KioskAnswerController", "officer_pin", "on_duty"]

AgencyQuery = Annotated[str | None, QueryParameter(
    name="agency", max_length=40, description="Agency code; defaults to the key's own agency")]
FlaggedQuery = Annotated[bool | None, QueryParameter(
    name="flagged", description="Only flagged (true) or unflagged (false) answers")]
LimitQuery = Annotated[int, QueryParameter(name="limit", ge=1, le=1000,
                                           description="At most this many answers, latest first")]
DeviceHeader = Annotated[str | None, HeaderParameter(
    name="X-Phieu-Device", required=False, max_length=32,
    description="The device's public id (given when it was bound)")]
SignatureHeader = Annotated[str | None, HeaderParameter(
    name="X-Phieu-Signature", required=False, max_length=128,
    description="Hex HMAC-SHA-256, keyed with the device credential, of "
                "METHOD \\n path \\n body")]


class DeviceController(Controller):
    path = "/api/v1/devices"
    tags = ["kiosk"]

    @post("/", summary="Enrol a device for a counter: a one-time code and QR code, valid "
                       "15 minutes")
    async def enrol(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                    data: JSONBody[DeviceIn], agency: AgencyQuery = None) -> DeviceEnrolled:
        row = await devices.enrol_device(ctx, principal, agency=agency, name=data.name,
                                         form=data.form, counter=data.counter, unit=data.unit,
                                         opening_hours=data.opening_hours)
        row["enrol_url"] = enrol_url(ctx, row["code"])
        row["qr_svg"] = qr_svg(row["enrol_url"])
        return msgspec.convert(row, DeviceEnrolled)

    @get("/", summary="The agency's devices, with their last contact and queue size")
    async def list(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                   agency: AgencyQuery = None) -> list[DeviceOut]:
        rows = await devices.list_devices(ctx, principal, agency=agency)
        return msgspec.convert(rows, list[DeviceOut])

    @post("/{device:str}/revoke", summary="Revoke a device: what it sends from now on is "
                                          "kept apart", status_code=200)
    async def revoke(self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                     device: FromPath[str]) -> DeviceOut:
        row = await devices.revoke_device(ctx, principal, device)
        return msgspec.convert(row, DeviceOut)

    @get("/{device:str}/activity", summary="A device's latest answers: what was flagged and "
                                            "why, what was rejected or kept apart")
    async def activity(self, ctx: NamedDependency[Context],
                       principal: NamedDependency[Principal], device: FromPath[str],
                       flagged: FlaggedQuery = None,
                       limit: LimitQuery = 200) -> ActivityOut:
        body = await device_activity(ctx, principal, device, flagged=flagged, limit=limit)
        return msgspec.convert(body, ActivityOut)

    @post("/bind", summary="Bind a device with its enrolment code: its credential, once",
          status_code=200, opt={"public": True})
    async def bind(self, ctx: NamedDependency[Context], data: JSONBody[BindIn]) -> DeviceBound:
        row = await devices.bind_device(ctx, data.code)
        return msgspec.convert(row, DeviceBound)


@put("/api/v1/counters/{code:str}/on-duty", tags=["kiosk"],
     summary="The officer on duty at a counter from now on (null: nobody)")
async def on_duty(ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                  code: FromPath[str], data: JSONBody[DutyIn],
                  agency: AgencyQuery = None) -> DutyOut:
    row = await duty.set_on_duty(ctx, principal, code, officer=data.officer, agency=agency)
    return msgspec.convert(row, DutyOut)


@put("/api/v1/officers/{code:str}/pin", tags=["kiosk"],
     summary="Set an officer's PIN for the kiosk's staff screen (4 to 8 digits)")
async def officer_pin(ctx: NamedDependency[Context], principal: NamedDependency[Principal],
                      code: FromPath[str], data: JSONBody[PinIn],
                      agency: AgencyQuery = None) -> PinOut:
    return msgspec.convert(await pins.set_pin(ctx, principal, code, data.pin, agency=agency),
                           PinOut)


_DEVICE_ERRORS = {
    401: ResponseSpec(ErrorBody, description="No device signature, or a wrong one",
                      generate_examples=False),
    403: ResponseSpec(ErrorBody, description="The device was revoked: its answers are kept "
                      "apart for review", generate_examples=False)}


def _result(item: Any, locale: str) -> AnswerResultOut:
    return AnswerResultOut(
        seq=item.seq, result=item.result, response=item.response, code=item.code,
        message=translate(locale, item.message, **item.params) if item.message else None,
        errors=item.errors, flags=item.flags)


class KioskAnswerController(Controller):
    path = "/api/v1/kiosk"
    tags = ["kiosk"]

    @post("/answers", summary="A device's queued answers, in order, each stored once per "
                              "device and seq", status_code=200, opt={"public": True},
          responses={
              401: ResponseSpec(ErrorBody, description="No device signature, or a wrong one",
                                generate_examples=False),
              403: ResponseSpec(ErrorBody, description="The device was revoked: its answers "
                                "are kept apart for review", generate_examples=False)})
    async def answers(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                      data: JSONBody[AnswersIn], device_id: DeviceHeader = None,
                      signature: SignatureHeader = None) -> AnswersOut:
        body = await request.body()
        device = await authenticate_device(ctx, device_id, signature, request.method,
                                           request.url.path, body)
        items = [AnswerIn(seq=a.seq, answered_at=a.answered_at, form=a.form, answers=a.answers,
                          version=a.version, locale=a.locale, receipt=a.receipt)
                 for a in data.answers]
        results = await receive_answers(ctx, device, items, data.queue, data.sent_at)
        locale = request_locale(request)
        counts = {k: sum(1 for r in results if r.result == k)
                  for k in ("stored", "duplicate", "rejected", "already_answered", "pending")}
        return AnswersOut(**counts, server_time=dt.datetime.now(dt.UTC),
                          results=[_result(r, locale) for r in results])

    @post("/on-duty", summary="An officer chooses themself on the staff screen with their PIN: "
                              "on duty at the device's counter from now", status_code=200,
          opt={"public": True}, responses=_DEVICE_ERRORS)
    async def sign_on(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                      data: JSONBody[SignOnIn], device_id: DeviceHeader = None,
                      signature: SignatureHeader = None) -> DutyOut:
        device = await authenticate_device(ctx, device_id, signature, request.method,
                                           request.url.path, await request.body())
        row = await pins.sign_on(ctx, device, data.officer, data.pin)
        return msgspec.convert(row, DutyOut)

    @post("/state", summary="What the device shows: its counter, the officer on duty and the "
                            "form version (and the queue size it reports)", status_code=200,
          opt={"public": True}, responses=_DEVICE_ERRORS)
    async def state(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                    data: JSONBody[StateIn], device_id: DeviceHeader = None,
                    signature: SignatureHeader = None) -> StateOut:
        device = await authenticate_device(ctx, device_id, signature, request.method,
                                           request.url.path, await request.body())
        return msgspec.convert(await device_state(ctx, device, data.queue), StateOut)
