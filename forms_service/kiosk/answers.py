"""Answers sent by a device: checked against the device's credential, stored
once per device and sequence number, through the one submission pipeline.

Each answer is first *claimed* (a ``kiosk_answer`` row, unique per device and
``seq``), then submitted with the device as its authority, at the device's
unit and counter and credited to the officer on duty when the citizen
answered. A replay finds the claim and is answered ``duplicate``; a claim
left behind by a process that stopped half-way is taken over after
:data:`CLAIM_TIMEOUT`. A revoked device's answers are kept apart
(``refused``, with their payload) and never counted.

An answer may carry the receipt link the citizen scanned at the counter; it is
checked like on the receipt's page (:func:`check_receipt`) and ties the answer
to its dossier, so one answer per form and dossier holds across channels: a
second answer for the dossier is kept apart (``already_answered``). A receipt
that does not hold (forged, expired, revoked, of another agency or form) keeps
the rating without a dossier, its reason recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import msgspec

from forms_service.agencies.tables import Agency
from forms_service.context import Context
from forms_service.credentials.keyed import dossier_hash
from forms_service.credentials.receipts import ReceiptClaims
from forms_service.distribution.receipts import check_receipt, receipt_params
from forms_service.errors import (
    AlreadyAnswered,
    DatabaseUnavailable,
    Forbidden,
    PhieuError,
    Unauthorized,
)
from forms_service.kiosk.credentials import derive_credential, signature_matches
from forms_service.kiosk.duty import officer_at
from forms_service.kiosk.flags import answer_flags
from forms_service.kiosk.tables import Device, KioskAnswer
from forms_service.organisation.tables import Counter, Unit
from forms_service.submissions import EnrolledDevice, Submission, submit

__all__ = ["CLAIM_TIMEOUT", "AnswerIn", "ItemResult", "authenticate_device", "receive_answers"]

CLAIM_TIMEOUT = dt.timedelta(seconds=60)
ALREADY_ANSWERED = "already_answered"
_encode = msgspec.json.Encoder()


@dataclass(frozen=True, slots=True)
class AnswerIn:
    """One queued answer as the device sent it."""

    seq: int
    answered_at: dt.datetime
    form: str
    answers: Any
    version: int | None = None
    locale: str = "vi"
    receipt: str | None = None


@dataclass(slots=True)
class ItemResult:
    """``stored``, ``duplicate``, ``rejected``, ``refused``, ``already_answered`` (the
    receipt's dossier had answered: kept apart) or ``pending`` for ``seq``."""

    seq: int
    result: str
    response: int | None = None
    code: str | None = None
    message: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


async def authenticate_device(ctx: Context, public_id: str | None, signature: str | None,
                              method: str, path: str, body: bytes) -> dict[str, Any]:
    """The device row whose credential signed this request, else ``Unauthorized``."""
    if not public_id or not signature:
        raise Unauthorized("A kiosk request needs the headers X-Phieu-Device and "
                           "X-Phieu-Signature (the request signed with the device's "
                           "credential).", error_code="device_unauthorized")
    row = await Device.select().where(Device.public_id == public_id[:32]).first().run()
    nonce = row["credential_nonce"] if row is not None else None
    if row is None or nonce is None or not signature_matches(
            derive_credential(ctx.settings.secret_key, row["public_id"], nonce),
            method, path, body, signature):
        raise Unauthorized("The device's signature does not match: the device is unknown or "
                           "its credential is wrong. Enrol the device again.",
                           error_code="device_unauthorized")
    return row  # type: ignore[no-any-return]


async def _claim(device_id: int, item: AnswerIn, status: str, *, reason: str | None = None,
                 payload: str | None = None, ctx: Context) -> bool:
    inserted = await ctx.db.raw(
        "INSERT INTO kiosk_answer (device, seq, status, answered_at, received_at, reason, "
        "payload) VALUES ({}, {}, {}, {}, {}, {}, {}) ON CONFLICT DO NOTHING RETURNING id",
        device_id, item.seq, status, item.answered_at, dt.datetime.now(dt.UTC), reason, payload)
    return bool(inserted)


def _payload(item: AnswerIn, dossier: str | None = None) -> str:
    """What was sent, kept for review; of a receipt only what names no dossier (its
    reference is kept as its keyed hash, ``dossier``, when the receipt held)."""
    kept: dict[str, Any] = {"form": item.form, "version": item.version, "locale": item.locale,
                            "answered_at": item.answered_at, "answers": item.answers}
    if item.receipt is not None:
        params = receipt_params(item.receipt)
        kept["receipt"] = urlencode({k: v for k, v in params.items() if k != "d"})
        kept["dossier_hash"] = dossier
    return _encode.encode(kept).decode()


async def _receipt(ctx: Context, device: dict[str, Any], item: AnswerIn
                   ) -> tuple[ReceiptClaims | None, str | None]:
    """The checked claims of the answer's scanned receipt, or None and why it was
    set aside (the rating is kept without a dossier)."""
    if item.receipt is None:
        return None, None
    try:
        return await check_receipt(ctx, receipt_params(item.receipt),
                                   agency_id=device["agency"], form=item.form), None
    except PhieuError as exc:
        return None, exc.code


async def _earlier(ctx: Context, device_id: int, item: AnswerIn) -> ItemResult | None:
    """What became of an answer already claimed, or None once a stale claim is taken over."""
    row = await KioskAnswer.select().where(
        (KioskAnswer.device == device_id) & (KioskAnswer.seq == item.seq)).first().run()
    if row is None:
        return ItemResult(item.seq, "pending")
    if row["status"] == "claimed":
        cutoff = dt.datetime.now(dt.UTC) - CLAIM_TIMEOUT
        taken = await KioskAnswer.update({KioskAnswer.received_at: dt.datetime.now(dt.UTC)}).where(
            (KioskAnswer.id == row["id"]) & (KioskAnswer.status == "claimed")
            & (KioskAnswer.received_at < cutoff)).returning(KioskAnswer.id).run()
        return None if taken else ItemResult(item.seq, "pending")
    result = "duplicate" if row["status"] == "stored" else row["status"]
    return ItemResult(item.seq, result, response=row["response"], code=row["reason"],
                      flags=[f for f in (row["flags"] or "").split(",") if f])


async def _release(key: Any) -> None:
    """Give up a claim (the answer was not stored): the device sends it again."""
    try:
        await KioskAnswer.delete().where(key & (KioskAnswer.status == "claimed")).run()
    except Exception:  # the database is gone: the claim is taken over later
        return


async def _store_one(ctx: Context, device: dict[str, Any], place: tuple[str, str | None],
                     item: AnswerIn, skew: dt.timedelta | None) -> ItemResult:
    if not await _claim(device["id"], item, "claimed", ctx=ctx):
        earlier = await _earlier(ctx, device["id"], item)
        if earlier is not None:
            return earlier
    key = (KioskAnswer.device == device["id"]) & (KioskAnswer.seq == item.seq)
    flags = await answer_flags(ctx, device, item.answered_at, skew)
    await KioskAnswer.update({KioskAnswer.flags: ",".join(flags)}).where(key).run()
    officer = await officer_at(device["counter"], item.answered_at) if device["counter"] else None
    claims, why = await _receipt(ctx, device, item)
    submission = Submission(
        form=item.form, answers=item.answers,
        authority=EnrolledDevice(agency_id=device["agency"], active=True),
        channel="kiosk", locale=item.locale, version=item.version,
        unit=place[0], counter=place[1], officer=officer,
        service=claims.service if claims else None, dossier=claims.dossier if claims else None)
    try:
        stored = await submit(ctx, submission)
    except DatabaseUnavailable:
        await _release(key)
        raise
    except AlreadyAnswered as exc:  # the receipt's dossier answered already: kept apart
        agency = await Agency.select(Agency.code).where(
            Agency.id == device["agency"]).first().run()
        digest = (dossier_hash(ctx.settings.secret_key, agency["code"], claims.dossier)
                  if claims and agency else None)
        await KioskAnswer.update({KioskAnswer.status: ALREADY_ANSWERED,
                                  KioskAnswer.reason: exc.code,
                                  KioskAnswer.payload: _payload(item, digest)}).where(key).run()
        return ItemResult(item.seq, ALREADY_ANSWERED, code=exc.code, message=exc.message,
                          flags=flags)
    except PhieuError as exc:
        await KioskAnswer.update({KioskAnswer.status: "rejected", KioskAnswer.reason: exc.code,
                                  KioskAnswer.payload: _payload(item)}).where(key).run()
        return ItemResult(item.seq, "rejected", code=exc.code, message=exc.message,
                          params=exc.params, errors=exc.details, flags=flags)
    except BaseException:
        await _release(key)
        raise
    await KioskAnswer.update({KioskAnswer.status: "stored", KioskAnswer.reason: why,
                              KioskAnswer.response: stored.id}).where(key).run()
    return ItemResult(item.seq, "stored", response=stored.id, code=why, flags=flags)


async def _place(device: dict[str, Any]) -> tuple[str, str | None]:
    unit = await Unit.select(Unit.code).where(Unit.id == device["unit"]).first().run()
    counter = (await Counter.select(Counter.code).where(Counter.id == device["counter"])
               .first().run()) if device["counter"] is not None else None
    assert unit is not None
    return unit["code"], counter["code"] if counter else None


async def receive_answers(ctx: Context, device: dict[str, Any], items: list[AnswerIn],
                          queue: int | None, sent_at: dt.datetime | None = None
                          ) -> list[ItemResult]:
    """Store ``items`` in order; one result each. A revoked device's are kept apart and
    refused (``Forbidden`` with code ``device_revoked``). ``sent_at`` is the device's clock
    when it sent them."""
    now = dt.datetime.now(dt.UTC)
    skew = now - sent_at if sent_at is not None else None
    changes: dict[Any, Any] = {Device.last_contact_at: now}
    if queue is not None:
        changes[Device.queue_size] = queue
    await Device.update(changes).where(Device.id == device["id"]).run()
    if device["status"] != "active":
        for item in items:
            await _claim(device["id"], item, "refused", reason="device_revoked",
                         payload=_payload(item), ctx=ctx)
        EnrolledDevice(agency_id=device["agency"], active=False).admit()
        raise Forbidden("This device has been revoked.")  # admit() always refuses here
    place = await _place(device)
    return [await _store_one(ctx, device, place, item, skew) for item in items]
