"""The texts of invitations: e-mail (plain text and HTML) and one-segment SMS/Zalo.

SMS must fit one segment of GSM-7 (160 characters): Vietnamese is written
without diacritics (as brand-name SMS usually is) and the procedure's name is
shortened to fit. Pure functions.
"""

from __future__ import annotations

import html
import unicodedata

from forms_service.i18n import N_, translate

__all__ = ["GSM7", "SMS_LIMIT", "email_parts", "is_gsm7", "sms_text", "without_diacritics"]

SMS_LIMIT = 160
GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")

SMS = "{agency} moi Ong/Ba danh gia thu tuc {service}: {link}"
SUBJECT = N_("{agency} invites you to rate the procedure {service}")
BODY = N_("Dear citizen,\n\n{agency} has returned the result of your procedure {service}. "
          "Please tell us how it went (one minute, anonymous):\n\n{link}\n\n"
          "The link works until {expires}. To receive no more invitations: {stop}")


def without_diacritics(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_gsm7(text: str) -> bool:
    return all(c in GSM7 for c in text)


def sms_text(agency: str, service: str, link: str) -> str:
    """The SMS (or Zalo) invitation: Vietnamese without diacritics, at most 160 GSM-7
    characters (the procedure's name shortened with "..." when needed)."""
    agency, service = without_diacritics(agency), without_diacritics(service)
    agency = "".join(c if c in GSM7 else " " for c in agency)
    service = "".join(c if c in GSM7 else " " for c in service)
    text = SMS.format(agency=agency, service=service, link=link)
    if len(text) > SMS_LIMIT:
        room = len(service) - (len(text) - SMS_LIMIT) - 3
        service = service[:max(room, 0)].rstrip() + "..."
        text = SMS.format(agency=agency, service=service, link=link)
    if len(text) > SMS_LIMIT:  # an agency name too long for one segment
        text = SMS.format(agency=agency[:40].rstrip(), service="", link=link)
    return text


def email_parts(locale: str, *, agency: str, service: str, link: str, stop: str,
                expires: str) -> dict[str, str]:
    subject = translate(locale, SUBJECT, agency=agency, service=service)
    text = translate(locale, BODY, agency=agency, service=service, link=link, stop=stop,
                     expires=expires)
    paragraphs = []
    for part in text.split("\n\n"):
        escaped = html.escape(part)
        for url in (link, stop):
            escaped = escaped.replace(html.escape(url),
                                      f'<a href="{html.escape(url)}">{html.escape(url)}</a>')
        paragraphs.append(f"<p>{escaped}</p>")
    return {"subject": subject, "text": text, "html": "".join(paragraphs)}
