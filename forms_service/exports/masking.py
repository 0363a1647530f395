"""Masking Vietnamese personal identifiers in free text.

Free-text answers are exported with three kinds of identifier replaced by a
placeholder, the rest of the text kept as written:

- citizen ID numbers (căn cước công dân, CCCD): 12 digits, written together
  or in groups separated by spaces, dots or hyphens (``001099001234``,
  ``001 099 001 234``);
- phone numbers: mobile (``0912 345 678``) and landline (``024 3825 1234``)
  numbers with a ``0``, ``84``, ``+84``, ``(+84)`` or ``0084`` prefix, digits
  grouped by spaces, dots or hyphens;
- e-mail addresses.

Text is matched in its NFKC form, so full-width digits (``０９１２３４５６７８``)
and other compatibility forms are found too; text with nothing to mask is
returned exactly as written.

A run of digits glued to more digits (an amount such as ``1.000.000.000.000``
or a longer reference) is left alone: a pattern only matches when it is not
preceded or followed by another digit, directly or across a dot or hyphen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from forms_service.i18n import N_, translate

__all__ = ["Masker", "Placeholders", "answer_masker"]

_SEP = r"[ .\-]"
# not glued to more digits, directly or across a dot or hyphen (a space may
# separate two identifiers written one after the other)
_START = r"(?<!\w)(?<![0-9][.\-])"
_END = r"(?![.\-]?[0-9])"

_EMAIL = r"(?<![\w.%+\-])[\w.%+\-]+@\w(?:[\w\-]*\w)?(?:\.\w(?:[\w\-]*\w)?)*\.[A-Za-z]{2,}"
# the subscriber number after the prefix: 9 digits (mobile: 3, 5, 7, 8, 9 …)
# or 10 digits (landline: 2 …)
_SUBSCRIBER = rf"[235789](?:{_SEP}?[0-9]){{8,9}}"
_PHONE_INTERNATIONAL = rf"(?<!\w)(?:\(\+84\)|\+84|0084){_SEP}?\(?0?\)?{_SEP}?{_SUBSCRIBER}"
_CITIZEN_ID = rf"[0-9](?:{_SEP}?[0-9]){{11}}"
_PHONE_NATIONAL = rf"(?:84|0){_SEP}?{_SUBSCRIBER}"

_EMAILS = re.compile(_EMAIL)
_NUMBERS = re.compile(
    rf"(?P<phone>{_PHONE_INTERNATIONAL}){_END}"
    rf"|{_START}(?P<citizen_id>{_CITIZEN_ID}){_END}"
    rf"|{_START}(?P<national_phone>{_PHONE_NATIONAL}){_END}"
)
# 9 digits at least, counting across single separators: anything shorter
# cannot be an identifier, and most comments have none
_MAYBE_NUMBER = re.compile(r"[0-9](?:[ .\-]?[0-9]){8}")


@dataclass(frozen=True, slots=True)
class Placeholders:
    """What replaces each kind of identifier (in the export's language)."""

    citizen_id: str = "[CCCD]"
    phone: str = "[phone number]"
    email: str = "[e-mail address]"


class Masker:
    """Replaces personal identifiers in text with placeholders.

    >>> Masker().mask("Gọi 0912.345.678 hoặc a.b@gmail.com, CCCD 001099001234.")
    'Gọi [phone number] hoặc [e-mail address], CCCD [CCCD].'
    """

    def __init__(self, placeholders: Placeholders | None = None) -> None:
        self.placeholders = placeholders or Placeholders()
        self._by_group = {
            "phone": self.placeholders.phone,
            "national_phone": self.placeholders.phone,
            "citizen_id": self.placeholders.citizen_id,
        }

    def _email(self, match: re.Match[str]) -> str:
        return self.placeholders.email

    def _replace(self, match: re.Match[str]) -> str:
        return self._by_group[match.lastgroup or "citizen_id"]

    def mask(self, text: str) -> str:
        """``text`` with every identifier replaced (found in its NFKC form)."""
        if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
            masked = self._mask(unicodedata.normalize("NFKC", text))
            return masked if masked != unicodedata.normalize("NFKC", text) else text
        return self._mask(text)

    def _mask(self, text: str) -> str:
        if "@" in text:
            text = _EMAILS.sub(self._email, text)
        if _MAYBE_NUMBER.search(text) is not None:
            text = _NUMBERS.sub(self._replace, text)
        return text

    def deep(self, value: object) -> object:
        """Every string inside a JSON-like ``value`` masked (keys kept)."""
        if isinstance(value, str):
            return self.mask(value)
        if isinstance(value, list):
            return [self.deep(item) for item in value]
        if isinstance(value, dict):
            return {key: self.deep(item) for key, item in value.items()}
        return value

    def __call__(self, value: object) -> object:
        """Mask strings; other values pass through unchanged."""
        return self.mask(value) if isinstance(value, str) else value


def answer_masker(locale: str) -> Masker:
    """The masker of answers leaving the service, with placeholders in ``locale``."""
    return Masker(Placeholders(
        citizen_id=translate(locale, N_("[citizen ID]")),
        phone=translate(locale, N_("[phone number]")),
        email=translate(locale, N_("[e-mail address]")),
    ))
