"""The texts of invitations: templates per agency and language, checked and rendered.

A template set (:class:`Texts`) has an SMS text (also sent by Zalo) and an
e-mail's subject and body, with placeholders ``{agency}`` (the agency's
name), ``{service}`` (the procedure's name; in SMS its short name, at most
:data:`SHORT_NAME` characters) and ``{link}``; the e-mail body also
``{expires}`` (the link's last day) and ``{stop}`` (the opt-out link).

SMS must fit one segment. A text of GSM-7 characters holds 160 (the
extension characters ``^{}\\[~]|€`` count twice); any other character makes
it UCS-2, which holds 70. Values put into an SMS are written without
diacritics and with basic GSM-7 characters only, so whether a message is
GSM-7 depends on its template alone, and :func:`check_texts` refuses a
template whose longest rendering (the agency's name, a procedure name of
:data:`SHORT_NAME` characters, the link) could exceed one segment. Pure
functions.
"""

from __future__ import annotations

import html
import re
import string
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

from forms_service.i18n import N_, translate

__all__ = ["FIELDS", "GSM7", "SHORT_NAME", "SMS_LIMIT", "SmsCount", "Texts", "TextsRejected",
           "check_texts", "default_texts", "email_parts", "is_gsm7", "short_name",
           "sms_count", "sms_text", "sms_value", "texts_schema", "without_diacritics",
           "worst_sms"]

SMS_LIMIT = 160
UCS2_LIMIT = 70
SHORT_NAME = 40
GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
CODE_LENGTH = 20  # characters of an invitation link's code

SMS_DEFAULTS = {
    "vi": "{agency} moi Ong/Ba danh gia thu tuc {service}: {link}",
    "en": "{agency} invites you to rate the procedure {service}: {link}",
}
SUBJECT = N_("{agency} invites you to rate the procedure {service}")
BODY = N_("Dear citizen,\n\n{agency} has returned the result of your procedure {service}. "
          "Please tell us how it went (one minute, anonymous):\n\n{link}\n\n"
          "The link works until {expires}. To receive no more invitations: {stop}")

_ALLOWED = {
    "sms": ("agency", "service", "link"),
    "email_subject": ("agency", "service"),
    "email_body": ("agency", "service", "link", "expires", "stop"),
}
_REQUIRED = {"sms": ("link",), "email_subject": (), "email_body": ("link", "stop")}
_LIMITS = {"sms": 400, "email_subject": 200, "email_body": 4000}
FIELDS = tuple(_ALLOWED)


def texts_schema(*, required: bool, description: str) -> dict[str, Any]:
    """The JSON Schema of a body of texts (every field ``required``, or any of them)."""
    return {
        "type": "object", "description": description, "additionalProperties": False,
        "properties": {field: {"type": "string", "minLength": 1, "maxLength": _LIMITS[field]}
                       for field in FIELDS},
        **({"required": list(FIELDS)} if required else {}),
    }


@dataclass(frozen=True, slots=True)
class Texts:
    sms: str
    email_subject: str
    email_body: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SmsCount:
    """How an SMS text is sent: its encoding, its length in that encoding's units
    (GSM-7 septets or UTF-16 code units), the segments it takes and the limit of one."""

    encoding: str  # "GSM-7" | "UCS-2"
    characters: int
    segments: int
    limit: int


class TextsRejected(Exception):
    def __init__(self, field: str, message: str, /, **params: Any) -> None:
        super().__init__(message.format(**params) if params else message)
        self.field = field
        self.message = message
        self.params = params


def without_diacritics(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_gsm7(text: str) -> bool:
    return all(c in GSM7 or c in GSM7_EXTENSION for c in text)


def sms_count(text: str) -> SmsCount:
    """The encoding, length and segments of an SMS text."""
    if is_gsm7(text):
        septets = sum(2 if c in GSM7_EXTENSION else 1 for c in text)
        segments = 1 if septets <= SMS_LIMIT else -(-septets // 153)
        return SmsCount("GSM-7", septets, segments, SMS_LIMIT)
    units = len(text.encode("utf-16-le")) // 2
    segments = 1 if units <= UCS2_LIMIT else -(-units // 67)
    return SmsCount("UCS-2", units, segments, UCS2_LIMIT)


def sms_value(text: str) -> str:
    """A value as an SMS carries it: no diacritics, basic GSM-7 characters only."""
    return " ".join("".join(c if c in GSM7 and c not in "\r\n" else " "
                            for c in without_diacritics(text)).split())


def short_name(service: str) -> str:
    """The procedure's short name for SMS: at most :data:`SHORT_NAME` characters,
    cut at a word with "..." when longer."""
    name = sms_value(service)
    if len(name) <= SHORT_NAME:
        return name
    cut = name[:SHORT_NAME - 3]
    if " " in cut[SHORT_NAME // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,.;:-") + "..."


def sms_text(template: str, agency: str, service: str, link: str) -> str:
    """The SMS (or Zalo) text of ``template``: one segment, the procedure's name (then
    the agency's) shortened further should a name changed since the template was
    checked not leave room."""
    agency, service = sms_value(agency), short_name(service)
    text = template.format(agency=agency, service=service, link=link)
    for cut in range(len(service) - 4, -1, -4):
        if sms_count(text).segments == 1:
            return text
        text = template.format(agency=agency, link=link,
                               service=service[:cut].rstrip() + "..." if cut else "")
    for cut in range(len(agency) - 4, -1, -4):
        if sms_count(text).segments == 1:
            return text
        text = template.format(agency=agency[:cut].rstrip(), service="", link=link)
    return text


def worst_sms(template: str, agency: str, public_url: str) -> str:
    """The longest text ``template`` can give for the agency: a procedure's short
    name of full length and an invitation link of this service."""
    link = f"{public_url.rstrip('/')}/s/" + "A" * CODE_LENGTH
    return template.format(agency=sms_value(agency), service="W" * SHORT_NAME, link=link)


def default_texts(locale: str) -> Texts:
    return Texts(sms=SMS_DEFAULTS.get(locale, SMS_DEFAULTS["vi"]),
                 email_subject=translate(locale, SUBJECT), email_body=translate(locale, BODY))


def _placeholders(field: str, template: str) -> set[str]:
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        raise TextsRejected(field, N_(
            "{field} has an unmatched brace: write placeholders as {{link}}, and a brace "
            "itself doubled."), field=field) from None
    names = set()
    allowed = _ALLOWED[field]
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            raise TextsRejected(field, N_(
                "{field} may only use the placeholders {allowed}; {{{name}}} is not one."),
                field=field, allowed=", ".join("{" + a + "}" for a in allowed),
                name=name[:40])
        names.add(name)
    return names


def check_texts(raw: Any, *, agency: str, public_url: str) -> Texts:
    """The checked :class:`Texts` of a JSON object, or :class:`TextsRejected`."""
    if not isinstance(raw, dict):
        raise TextsRejected("", N_("The texts must be a JSON object with sms, email_subject "
                                   "and email_body."))
    unknown = sorted(str(name) for name in raw if name not in FIELDS)
    if unknown:
        raise TextsRejected(unknown[0][:40], N_(
            "{field} is not a text of invitations; the texts are: {fields}."),
            field=unknown[0][:40], fields=", ".join(FIELDS))
    values: dict[str, str] = {}
    for field in FIELDS:
        value = raw.get(field)
        if not isinstance(value, str) or not value.strip():
            raise TextsRejected(field, N_("{field} is required: a text with its placeholders."),
                                field=field)
        value = unicodedata.normalize("NFC", value.strip().replace("\r\n", "\n"))
        if len(value) > _LIMITS[field]:
            raise TextsRejected(field, N_("{field} is too long: at most {limit} characters."),
                                field=field, limit=_LIMITS[field])
        if field != "email_body" and "\n" in value:
            raise TextsRejected(field, N_("{field} must be on one line."), field=field)
        names = _placeholders(field, value)
        for needed in _REQUIRED[field]:
            if needed not in names:
                raise TextsRejected(field, N_("{field} must contain {{{name}}}."), field=field,
                                    name=needed)
        values[field] = value
    count = sms_count(worst_sms(values["sms"], agency, public_url))
    if count.segments > 1:
        if count.encoding == "UCS-2":
            odd = "".join(sorted({c for c in values["sms"]
                                  if c not in GSM7 and c not in GSM7_EXTENSION}))[:10]
            raise TextsRejected("sms", N_(
                "The SMS text can reach {characters} characters, over one segment: it has "
                "characters outside GSM-7 ({chars}), so it is sent as UCS-2, which holds "
                "{limit}. Write it without diacritics (GSM-7 holds 160) or shorten it by "
                "{over}."), characters=count.characters, chars=odd, limit=count.limit,
                over=count.characters - count.limit)
        raise TextsRejected("sms", N_(
            "The SMS text can reach {characters} GSM-7 characters with the agency's name, a "
            "procedure name of {short} characters and the link, over the {limit} of one "
            "segment: shorten it by {over}."), characters=count.characters, short=SHORT_NAME,
            limit=count.limit, over=count.characters - count.limit)
    return Texts(**values)


def email_parts(texts: Texts, *, agency: str, service: str, link: str, stop: str,
                expires: str) -> dict[str, str]:
    """The e-mail of ``texts``: subject, plain text and HTML (links clickable)."""
    subject = texts.email_subject.format(agency=agency, service=service)
    text = texts.email_body.format(agency=agency, service=service, link=link, stop=stop,
                                   expires=expires)
    urls = re.compile("|".join(re.escape(html.escape(url)) for url in (stop, link)))
    paragraphs = []
    for part in text.split("\n\n"):
        escaped = urls.sub(lambda found: f'<a href="{found[0]}">{found[0]}</a>',
                           html.escape(part)).replace("\n", "<br>")
        paragraphs.append(f"<p>{escaped}</p>")
    return {"subject": " ".join(subject.split()), "text": text, "html": "".join(paragraphs)}

