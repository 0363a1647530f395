"""``/api/v1/forms/{slug}/distribution``: who a form invites, how and when; and
``/api/v1/receipt-links``: the QR code a one-stop system prints on a receipt."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, get, post, put
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.distribution import receipts, service, wording
from forms_service.openapi import ErrorBody

__all__ = ["DistributionController", "DistributionOut", "InvitationTextsController",
           "ReceiptLinkController"]

_RULE_DESCRIPTION = (
    "The form's distribution rule: channels (required; email, sms, zalo in order of "
    "preference), services, units (codes; empty: all), dossier_channels (in_person, online, "
    "postal; empty: all), sampling_rate (above 0, at most 1), quarterly_sample (per service, "
    "or null), service_samples (service code to its quarterly sample, before "
    "quarterly_sample; see POST .../distribution/sample), delay_minutes (0 to 10080, "
    "default 120), quiet_hours ({start, end} in Vietnam "
    "time, default 21:00 to 07:00, or null), link_days (1 to 90, default 7), reminder "
    "(default false), active (default true).")
_EXAMPLE = {"channels": ["email", "sms"], "services": ["1.001193"], "sampling_rate": 0.2,
            "delay_minutes": 120, "quiet_hours": {"start": "21:00", "end": "07:00"},
            "link_days": 7, "reminder": False}


class QuietHours(msgspec.Struct):
    start: str
    end: str


class DistributionOut(msgspec.Struct):
    form: str
    channels: list[Literal["email", "sms", "zalo"]]
    services: list[str]
    units: list[str]
    dossier_channels: list[Literal["in_person", "online", "postal"]]
    sampling_rate: float
    quarterly_sample: int | None
    service_samples: dict[str, int]
    delay_minutes: int
    quiet_hours: QuietHours | None
    link_days: int
    reminder: bool
    active: bool
    updated_at: dt.datetime


RuleBody = Annotated[dict[str, Any], msgspec.Meta(description=_RULE_DESCRIPTION,
                                                  examples=[_EXAMPLE])]

SampleBody = Annotated[dict[str, Any], msgspec.Meta(
    description="The sample: period (required; the quarter or year whose returned dossiers "
    "give the population and the shares), margin_of_error (default 0.05), confidence_level "
    "(default 0.95), expected_rate (default 0.9), allocation (proportional or neyman), "
    "population (instead of the dossiers returned). The per-service sizes of the sample-size "
    "report become the rule's service_samples.",
    examples=[{"period": "2025-Q3", "margin_of_error": 0.05, "allocation": "proportional"}])]


class DistributionController(Controller):
    path = "/api/v1/forms/{slug:str}/distribution"
    tags = ["distribution"]

    @put("/", summary="Set the form's distribution rule (checked first)")
    async def put_rule(self, ctx: NamedDependency[Context],
                       principal: NamedDependency[Principal], slug: FromPath[str],
                       data: JSONBody[RuleBody]) -> DistributionOut:
        row = await service.put_rule(ctx, principal, slug, data)
        return msgspec.convert(row, DistributionOut)

    @post("/sample", status_code=200,
          summary="Share a quarter's sample across services and store it in the rule")
    async def apply_sample(self, ctx: NamedDependency[Context],
                           principal: NamedDependency[Principal], slug: FromPath[str],
                           data: JSONBody[SampleBody]) -> DistributionOut:
        row = await service.apply_sample(ctx, principal, slug, data)
        return msgspec.convert(row, DistributionOut)

    @get("/", summary="The form's distribution rule")
    async def get_rule(self, ctx: NamedDependency[Context],
                       principal: NamedDependency[Principal],
                       slug: FromPath[str]) -> DistributionOut:
        return msgspec.convert(await service.get_rule(ctx, principal, slug), DistributionOut)


class ReceiptLinkOut(msgspec.Struct):
    url: str
    expires_at: dt.datetime
    qr_svg: str
    qr_png: Annotated[str, msgspec.Meta(description="PNG image, base64")]


_RECEIPT_DESCRIPTION = (
    "form (the survey's slug), service (the dossier's procedure code), dossier (the "
    "reference printed on the receipt), days (how long the link works, 1 to 366, "
    "default 90).")
ReceiptBody = Annotated[dict[str, Any], msgspec.Meta(
    description=_RECEIPT_DESCRIPTION,
    examples=[{"form": "hai-long-dvc", "service": "1.001193",
               "dossier": "000.00.17.H29-250304-0001", "days": 90}])]


class ReceiptLinkController(Controller):
    path = "/api/v1/receipt-links"
    tags = ["distribution"]

    @post("/", summary="The receipt link of a dossier and its QR code (integration key)",
          status_code=200)
    async def create(self, ctx: NamedDependency[Context],
                     principal: NamedDependency[Principal],
                     data: JSONBody[ReceiptBody]) -> ReceiptLinkOut:
        return msgspec.convert(await receipts.issue_link(ctx, principal, data),
                               ReceiptLinkOut)


_TEXTS_DESCRIPTION = (
    "sms (one segment with the longest values: 160 GSM-7 characters, 70 with any other "
    "character; placeholders {agency}, {service} (short name), {link}, which it must "
    "contain), email_subject ({agency}, {service}), email_body ({agency}, {service}, "
    "{link}, {expires}, {stop}; must contain {link} and {stop}).")
TextsBody = Annotated[dict[str, Any], msgspec.Meta(
    description=_TEXTS_DESCRIPTION,
    examples=[{"sms": "{agency} moi Ong/Ba danh gia thu tuc {service}: {link}",
               "email_subject": "{agency} mời Ông/Bà đánh giá thủ tục {service}",
               "email_body": "Kính gửi Ông/Bà,\n\n{link}\n\nHết hạn {expires}. "
                             "Ngừng nhận: {stop}"}])]


Encoding = Annotated[Literal["GSM-7", "UCS-2"], msgspec.Meta(
    description="GSM-7 (160 characters in one segment) when every character is in the GSM "
                "alphabet, else UCS-2 (70)")]


class LanguageTextsOut(msgspec.Struct):
    """The texts of one language, and what their SMS takes with the longest values
    (the agency's name, the longest short name of a service, the link)."""

    sms: str
    email_subject: str
    email_body: str
    custom: Annotated[bool, msgspec.Meta(
        description="The agency's own texts (false: the default ones)")]
    sms_encoding: Encoding
    sms_characters_at_most: int
    sms_limit: Annotated[int, msgspec.Meta(description="The characters one segment holds")]
    sms_segments_at_most: int


class InvitationTextsOut(msgspec.Struct):
    agency: str
    texts: Annotated[dict[str, LanguageTextsOut], msgspec.Meta(
        description="By language: vi and en")]


class StoredTextsOut(LanguageTextsOut):
    """The texts stored in one language (``custom`` is true)."""

    agency: str
    language: Literal["vi", "en"]


class SmsPreviewOut(msgspec.Struct):
    """The SMS with the sample values (``text``, ``characters``, ``segments``) and at
    most (``sms_*``, with the longest values)."""

    text: str
    encoding: Encoding
    characters: int
    segments: int
    limit: int
    sms_encoding: Encoding
    sms_characters_at_most: int
    sms_limit: int
    sms_segments_at_most: int
    short_name_limit: Annotated[int, msgspec.Meta(
        description="The longest short name of a service put in {service}")]


class EmailPreviewOut(msgspec.Struct):
    subject: str
    text: str
    html: Annotated[str, msgspec.Meta(description="The body as HTML, its links clickable")]


class TextsPreviewOut(msgspec.Struct):
    language: Literal["vi", "en"]
    sms: SmsPreviewOut
    email: EmailPreviewOut


def _error(description: str) -> ResponseSpec:
    return ResponseSpec(ErrorBody, description=description, generate_examples=False)


_TEXTS_READ_ERRORS = {
    403: _error("Not a designer or analyst of the agency (an admin reads any)"),
    404: _error("No agency has this code"),
}
_TEXTS_WRITE_ERRORS = {
    400: _error("error `unknown_language`: the language is not vi or en; error "
                "`invalid_texts`: the body is not an object of sms, email_subject and "
                "email_body, a text is missing, empty, too long, on several lines where one "
                "is needed, lacks a required placeholder or names an unknown one, or the SMS "
                "can take more than one segment; `message` says which and what to change"),
    403: _error("Not a designer of the agency (an admin writes any)"),
    404: _error("No agency has this code"),
}


class InvitationTextsController(Controller):
    path = "/api/v1/agencies/{code:str}/invitation-texts"
    tags = ["distribution"]

    @get("/", summary="The agency's texts of invitations, by language",
         responses=_TEXTS_READ_ERRORS)
    async def get_texts(self, ctx: NamedDependency[Context],
                        principal: NamedDependency[Principal],
                        code: FromPath[str]) -> InvitationTextsOut:
        return msgspec.convert(await wording.get_texts(ctx, principal, code),
                               InvitationTextsOut)

    @put("/{locale:str}", summary="Set the agency's texts in one language (checked first)",
         responses=_TEXTS_WRITE_ERRORS)
    async def put_texts(self, ctx: NamedDependency[Context],
                        principal: NamedDependency[Principal], code: FromPath[str],
                        locale: FromPath[str], data: JSONBody[TextsBody]) -> StoredTextsOut:
        return msgspec.convert(await wording.put_texts(ctx, principal, code, locale, data),
                               StoredTextsOut)

    @post("/{locale:str}/preview", status_code=200,
          summary="Render texts with sample values (fields left out: the stored ones); SMS "
                  "segments", responses=_TEXTS_WRITE_ERRORS)
    async def preview(self, ctx: NamedDependency[Context],
                      principal: NamedDependency[Principal], code: FromPath[str],
                      locale: FromPath[str],
                      data: JSONBody[TextsBody]) -> TextsPreviewOut:
        return msgspec.convert(await wording.preview_texts(ctx, principal, code, locale, data),
                               TextsPreviewOut)
