"""A citizen's contact as invitations use it: normalised, of a kind, and keyed-hashed.

Pure functions. Phone numbers are Vietnamese: ``0912 345 678``, ``84912345678``
and ``+84 912 345 678`` are one number, ``84912345678``; mobiles start with 3, 5,
7, 8 or 9 after the country code, landlines with 2 (they cannot receive SMS or
Zalo). E-mail addresses are lower-cased. The recontact window and the stop list
work on :func:`contact_hash` (HMAC-SHA-256 keyed with the secret key), never on
the contact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from forms_service.credentials.keyed import hmac_sha256

__all__ = ["Contact", "contact_hash", "parse_contact"]

_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"^(?:\+?84|0)(\d{9,10})$")
_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+$")


@dataclass(frozen=True, slots=True)
class Contact:
    kind: Literal["email", "mobile", "landline"]
    value: str  # normalised: lower-case address, or 84 and the national number

    def reachable_by(self, channel: str) -> bool:
        if channel == "email":
            return self.kind == "email"
        return self.kind == "mobile"  # sms, zalo


def parse_contact(text: str) -> Contact | None:
    """The contact in ``text``, or ``None`` if it is neither an address nor a number."""
    text = text.strip()
    if "@" in text:
        return Contact("email", text.lower()) if _EMAIL.fullmatch(text) else None
    found = _PHONE.fullmatch(_SEPARATORS.sub("", text))
    if found is None:
        return None
    national = found.group(1)
    if national[0] in "35789" and len(national) == 9:
        return Contact("mobile", "84" + national)
    if national[0] == "2" and len(national) == 10:
        return Contact("landline", "84" + national)
    return None


def contact_hash(secret_key: str, contact: Contact) -> str:
    return hmac_sha256(secret_key.encode(), f"contact\x1f{contact.value}".encode()).hex()
