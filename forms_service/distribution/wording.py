"""An agency's texts of invitations, by language: read, checked and stored, previewed.

``invitation_text`` keeps one row per agency with the templates it changed
(:mod:`forms_service.distribution.texts`); a language without its own uses
the default texts. Invitations and reminders read them with
:func:`texts_for` in the transaction that writes them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from forms_service.agencies.service import agency_by_code
from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.db import Database
from forms_service.distribution.texts import (
    SHORT_NAME,
    Texts,
    TextsRejected,
    check_texts,
    default_texts,
    email_parts,
    sms_count,
    sms_text,
    worst_sms,
)
from forms_service.errors import InvalidInput
from forms_service.i18n import LOCALES, VIETNAM

__all__ = ["SAMPLE_SERVICE", "get_texts", "preview_texts", "put_texts", "texts_for"]

SAMPLE_SERVICE = "Cấp bản sao trích lục hộ tịch"
SAMPLE_CODE = "3kqXbT9mZp2LwYc8RvNa"


def _stored(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    return value if isinstance(value, dict) else json.loads(value)


async def _own(db: Database, agency_id: int) -> dict[str, Any]:
    rows = await db.raw("SELECT texts FROM invitation_text WHERE agency = {}", agency_id)
    return _stored(rows[0]["texts"]) if rows else {}


async def texts_for(db: Database, agency_ids: set[int]) -> dict[int, dict[str, Texts]]:
    """The texts of each agency by language (its own, else the default ones)."""
    own: dict[int, dict[str, Any]] = {}
    if agency_ids:
        marks = ", ".join(["{}"] * len(agency_ids))
        rows = await db.raw(f"SELECT agency, texts FROM invitation_text WHERE agency IN "
                            f"({marks})", *sorted(agency_ids))
        own = {int(row["agency"]): _stored(row["texts"]) for row in rows}
    return {agency: {locale: Texts(**own[agency][locale]) if locale in own.get(agency, {})
                     else default_texts(locale) for locale in LOCALES}
            for agency in agency_ids}


def _locale(locale: str) -> str:
    if locale not in LOCALES:
        raise InvalidInput("The language must be one of: {choices}.",
                           choices=", ".join(LOCALES), error_code="unknown_language")
    return locale


def _described(texts: Texts, custom: bool, agency: str, public_url: str) -> dict[str, Any]:
    worst = sms_count(worst_sms(texts.sms, agency, public_url))
    return {**texts.as_dict(), "custom": custom,
            "sms_encoding": worst.encoding, "sms_characters_at_most": worst.characters,
            "sms_limit": worst.limit, "sms_segments_at_most": worst.segments}


async def get_texts(ctx: Context, principal: Principal, code: str) -> dict[str, Any]:
    """The agency's texts in every language (its designers and analysts)."""
    principal.require_role(Role.DESIGNER, Role.ANALYST)
    agency = await agency_by_code(code)
    principal.require_agency(agency["id"])
    own = await _own(ctx.db, agency["id"])
    texts = (await texts_for(ctx.db, {agency["id"]}))[agency["id"]]
    return {"agency": agency["code"], "texts": {
        locale: _described(texts[locale], locale in own, agency["name"],
                           ctx.settings.public_url) for locale in LOCALES}}


def _checked(raw: Any, agency: dict[str, Any], public_url: str) -> Texts:
    try:
        return check_texts(raw, agency=agency["name"], public_url=public_url)
    except TextsRejected as exc:
        raise InvalidInput(exc.message, error_code="invalid_texts", **exc.params) from None


async def put_texts(ctx: Context, principal: Principal, code: str, locale: str,
                    raw: Any) -> dict[str, Any]:
    """Check and store the agency's texts in ``locale`` (its designers)."""
    principal.require_role(Role.DESIGNER)
    _locale(locale)
    agency = await agency_by_code(code)
    principal.require_write_agency(agency["id"])
    texts = _checked(raw, agency, ctx.settings.public_url)
    async with ctx.db.write_transaction():
        own = await _own(ctx.db, agency["id"])
        own[locale] = texts.as_dict()
        await ctx.db.raw(
            "INSERT INTO invitation_text (agency, texts, updated_at) VALUES ({}, {}, {}) "
            "ON CONFLICT (agency) DO UPDATE SET texts = excluded.texts, "
            "updated_at = excluded.updated_at", agency["id"],
            json.dumps(own, ensure_ascii=False), dt.datetime.now(dt.UTC))
    return {"agency": agency["code"], "language": locale,
            **_described(texts, True, agency["name"], ctx.settings.public_url)}


async def preview_texts(ctx: Context, principal: Principal, code: str, locale: str,
                        raw: Any) -> dict[str, Any]:
    """``raw`` (or the stored texts, for the fields it leaves out) rendered with sample
    values, and the SMS's segments, now and at most."""
    principal.require_role(Role.DESIGNER)
    agency = await agency_by_code(code)
    principal.require_write_agency(agency["id"])
    current = (await texts_for(ctx.db, {agency["id"]}))[agency["id"]][_locale(locale)]
    if raw is not None and not isinstance(raw, dict):
        raise InvalidInput("The texts must be a JSON object with sms, email_subject and "
                           "email_body.", error_code="invalid_texts")
    texts = _checked({**current.as_dict(), **(raw or {})}, agency, ctx.settings.public_url)
    base = ctx.settings.public_url.rstrip("/")
    link = f"{base}/s/{SAMPLE_CODE}"
    sms = sms_text(texts.sms, agency["name"], SAMPLE_SERVICE, link)
    count = sms_count(sms)
    expires = (dt.datetime.now(VIETNAM) + dt.timedelta(days=7)).strftime("%d/%m/%Y")
    return {
        "language": locale,
        "sms": {"text": sms, "encoding": count.encoding, "characters": count.characters,
                "segments": count.segments, "limit": count.limit,
                **{k: v for k, v in _described(texts, True, agency["name"],
                                               ctx.settings.public_url).items()
                   if k.startswith("sms_")}, "short_name_limit": SHORT_NAME},
        "email": email_parts(texts, agency=agency["name"], service=SAMPLE_SERVICE,
                             link=link, stop=f"{link}/stop", expires=expires),
    }
