"""Receipt links (``/q?…``): issued by ``POST /api/v1/receipt-links`` or computed
offline by the one-stop system (:mod:`forms_service.credentials.receipts`),
printed as a QR code on the receipt and appointment slip; scanning one opens
the form for its dossier (channel ``qr``).

A link is checked like a context token: the integration key it names (not
revoked), its signature, its expiry, then the form (published, of the key's
agency) and the procedure (a service of the agency). Opening it records the
``opened`` touch on channel ``qr``; the answer goes through the one
submission pipeline, so one answer per form and dossier holds across every
channel.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import segno

from forms_service.auth import Principal, Role
from forms_service.catalogue.tables import Service
from forms_service.context import Context
from forms_service.credentials.keyed import dossier_hash
from forms_service.credentials.receipts import (
    MAX_LIFETIME,
    ReceiptClaims,
    ReceiptRejected,
    parse_receipt,
    receipt_url,
)
from forms_service.credentials.signers import signing_key
from forms_service.credentials.tokens import signing_secret
from forms_service.dossiers.link import record_touch
from forms_service.embedding.service import PageForm, Visit, load_page_form, open_visit
from forms_service.errors import (
    AlreadyAnswered,
    Forbidden,
    InvalidInput,
    NotFound,
    PhieuError,
    Unauthorized,
)
from forms_service.forms.tables import Form
from forms_service.submissions import ReceiptLink, Stored, Submission, submit

__all__ = ["DEFAULT_DAYS", "Receipt", "ReceiptExpired", "ReceiptInvalid", "answer",
           "issue_link", "open_receipt", "page_query"]

DEFAULT_DAYS = 90
CHANNEL = "qr"


class ReceiptInvalid(PhieuError):
    status = 400
    code = "receipt_invalid"


class ReceiptSignatureInvalid(Unauthorized):
    code = "receipt_signature_invalid"

    def __init__(self) -> None:
        super().__init__("The receipt link is not valid: its signature does not match. "
                         "Scan the code again or type the whole address.")


class ReceiptRevoked(Forbidden):
    code = "receipt_revoked"

    def __init__(self) -> None:
        super().__init__("The key that signed this receipt link has been revoked.")


class ReceiptExpired(PhieuError):
    status = 410
    code = "receipt_expired"

    def __init__(self) -> None:
        super().__init__("This receipt link has expired.")


@dataclass(frozen=True)
class Receipt:
    """An opened receipt link: its claims, the signing key and the form's visit."""

    claims: ReceiptClaims
    key: Principal
    visit: Visit
    digest: str


def page_query(claims: ReceiptClaims) -> str:
    """The query of a receipt link, written again from its claims (the form's action)."""
    return urlencode({"k": claims.key_id, "f": claims.form, "s": claims.service,
                      "e": claims.expiry, "d": claims.dossier, "h": claims.signature},
                     quote_via=quote, safe="")


async def _check(ctx: Context, params: Mapping[str, str]) -> tuple[ReceiptClaims, Principal]:
    try:
        claims = parse_receipt(params)
    except ReceiptRejected as exc:
        raise ReceiptInvalid(exc.message, **exc.params) from None
    found = await signing_key(ctx, claims.key_id, Role.INTEGRATION)
    if found is None:  # an unknown key is told apart from a forged signature by nobody
        raise ReceiptSignatureInvalid()
    key, revoked = found
    if not claims.signature_matches(signing_secret(ctx.settings.secret_key, claims.key_id)):
        raise ReceiptSignatureInvalid()
    if revoked:
        raise ReceiptRevoked()
    if claims.expires_at <= dt.datetime.now(dt.UTC):
        raise ReceiptExpired()
    return claims, key


async def _service_of(agency_id: int, code: str) -> bool:
    return bool(await Service.exists().where(
        (Service.agency == agency_id) & (Service.code == code)).run())


async def open_receipt(ctx: Context, params: Mapping[str, str], *, record: bool) -> Receipt:
    """The checked receipt link and its form, refusing an answered dossier; with
    ``record`` the ``opened`` touch (channel ``qr``) is recorded (first time only)."""
    claims, key = await _check(ctx, params)
    page = await load_page_form(ctx, claims.form)
    if page.form["agency"] != key.agency_id:
        raise Forbidden("The survey {slug} belongs to another agency than the key that "
                        "signed the receipt link.", slug=claims.form[:80],
                        error_code="receipt_forbidden")
    if not await _service_of(key.agency_id, claims.service):  # type: ignore[arg-type]
        raise Forbidden("The procedure {code} is not a service of the agency that signed "
                        "the receipt link.", code=claims.service[:64],
                        error_code="receipt_forbidden")
    visit = await open_visit(ctx, PageForm({**page.form, "access": "open"}, page.origins),
                             None)
    digest = dossier_hash(ctx.settings.secret_key, page.form["agency_code"], claims.dossier)
    if await ctx.db.raw("SELECT 1 AS x FROM response WHERE form = {} AND dossier_hash = {}",
                        page.form["id"], digest):
        raise AlreadyAnswered()
    if record:
        await record_touch(ctx.db, page.form["agency"], digest, kind="opened",
                           channel=CHANNEL, form_id=page.form["id"])
    return Receipt(claims, key, visit, digest)


async def answer(ctx: Context, receipt: Receipt, answers: Any, locale: str) -> Stored:
    return await submit(ctx, Submission(
        form=receipt.claims.form, answers=answers,
        authority=ReceiptLink(int(receipt.key.agency_id or 0)),
        service=receipt.claims.service, dossier_hash=receipt.digest, channel=CHANNEL,
        locale=locale))


def _text(raw: dict[str, Any], name: str, limit: int) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("{field} is required: give form (the survey's slug), service (the "
                           "dossier's procedure code) and dossier (the reference printed on "
                           "the receipt).", field=name)
    value = value.strip()
    if len(value) > limit:
        raise InvalidInput("{field} is too long: at most {limit} characters.", field=name,
                           limit=limit)
    if "\n" in value or "\r" in value:
        raise InvalidInput("{field} must be on one line.", field=name)
    return value


_FIELDS = ("form", "service", "dossier", "days")


def qr_images(url: str) -> tuple[str, str]:
    """The link as a QR code: SVG text and PNG in base64."""
    code = segno.make(url, error="m", micro=False)
    svg, png = io.BytesIO(), io.BytesIO()
    code.save(svg, kind="svg", scale=4, border=4, xmldecl=False,
              title="QR", svgclass=None, lineclass=None)
    code.save(png, kind="png", scale=4, border=4)
    return svg.getvalue().decode(), base64.b64encode(png.getvalue()).decode("ascii")


async def issue_link(ctx: Context, principal: Principal, raw: Any) -> dict[str, Any]:
    """The receipt link of a dossier and its QR code, signed with the caller's
    integration key."""
    if principal.role is not Role.INTEGRATION or principal.agency_id is None:
        raise Forbidden("Receipt links are signed with the agency's integration key: call "
                        "with an integration key.", error_code="receipt_key_required")
    if not isinstance(raw, dict):
        raise InvalidInput("The body must be a JSON object with form, service and dossier.")
    unknown = sorted(str(name) for name in raw if name not in _FIELDS)
    if unknown:
        raise InvalidInput("{field} is not a field of a receipt link; the fields are: "
                           "{fields}.", field=unknown[0][:40], fields=", ".join(_FIELDS))
    slug, service, dossier = (_text(raw, name, limit) for name, limit in
                              (("form", 80), ("service", 64), ("dossier", 200)))
    days = raw.get("days", DEFAULT_DAYS)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_LIFETIME.days:
        raise InvalidInput("days must be a whole number from 1 to {high}: how long the link "
                           "works.", high=MAX_LIFETIME.days)
    form = await Form.select(Form.id, Form.agency, Form.status).where(
        Form.slug == slug).first().run()
    if form is None or form["agency"] != principal.agency_id:
        raise NotFound("There is no form {slug}.", slug=slug)
    if form["status"] != "published":
        raise InvalidInput("The survey {slug} is not published: publish it before printing "
                           "its receipt links.", slug=slug, error_code="form_closed")
    if not await _service_of(principal.agency_id, service):
        raise InvalidInput("The procedure {code} is not a service of your agency: register "
                           "it first.", code=service, error_code="unknown_service")
    expires = (dt.datetime.now(dt.UTC) + dt.timedelta(days=days)).replace(microsecond=0)
    url = receipt_url(ctx.settings.public_url,
                      signing_secret(ctx.settings.secret_key, principal.key_id),
                      principal.key_id, form=slug, service=service, dossier=dossier,
                      expires_at=expires)
    svg, png = qr_images(url)
    return {"url": url, "expires_at": expires, "qr_svg": svg, "qr_png": png}
