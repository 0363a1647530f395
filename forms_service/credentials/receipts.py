"""Receipt links: the address a one-stop system prints as a QR code on the receipt
and appointment slip, signed offline with its integration key.

The format is fixed and simple, so that any system can compute it and a
counter kiosk can recognise a scanned one::

    {PHIEU_PUBLIC_URL}/q?k={key id}&f={form}&s={procedure}&e={expiry}&d={dossier}&h={signature}

``e`` is the expiry in Unix seconds; ``h`` is the HMAC-SHA256, keyed with the
integration key's signing secret (the bytes of its text, as for context
tokens), of the UTF-8 text ``"phieu-receipt\\n" + k + "\\n" + f + "\\n" + s +
"\\n" + e + "\\n" + d``, in base64url without padding (43 characters). The
dossier comes last, so that nothing it holds can shift the other values.
Values are signed as they are, then percent-encoded in the address.

Pure functions: no database, no HTTP.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from forms_service.credentials.keyed import hmac_sha256
from forms_service.i18n import N_

__all__ = ["MAX_LIFETIME", "PATH", "RECEIPT_FIELDS", "ReceiptClaims", "ReceiptRejected",
           "parse_receipt", "receipt_signature", "receipt_url"]

PATH = "/q"
RECEIPT_FIELDS = ("k", "f", "s", "e", "d", "h")
MAX_LIFETIME = dt.timedelta(days=366)
_LIMITS = {"k": 32, "f": 80, "s": 64, "d": 200}
_KEY_ID = re.compile(r"^[!-~]{1,32}$")
_EXPIRY = re.compile(r"^[0-9]{1,12}$")
_SIGNATURE = re.compile(r"^[A-Za-z0-9_-]{43}$")


class ReceiptRejected(Exception):
    """A receipt link that is not well formed: what is wrong (an English msgid)."""

    def __init__(self, message: str, /, **params: object) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params


@dataclass(frozen=True, slots=True)
class ReceiptClaims:
    """What a well-formed receipt link says (its signature not yet checked)."""

    key_id: str
    form: str
    service: str
    dossier: str
    expires_at: dt.datetime
    expiry: str  # as written in the link, for the signature
    signature: str

    def signed_text(self) -> str:
        return _signed_text(self.key_id, self.form, self.service, self.expiry, self.dossier)

    def signature_matches(self, secret: str) -> bool:
        expected = receipt_signature(secret, self.key_id, self.form, self.service,
                                     self.expiry, self.dossier)
        return hmac.compare_digest(expected, self.signature)


def _signed_text(key_id: str, form: str, service: str, expiry: str, dossier: str) -> str:
    return "\n".join(("phieu-receipt", key_id, form, service, expiry, dossier))


def receipt_signature(secret: str, key_id: str, form: str, service: str, expiry: str,
                      dossier: str) -> str:
    """The ``h`` of a receipt link."""
    digest = hmac_sha256(secret.encode(),
                         _signed_text(key_id, form, service, expiry, dossier).encode())
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def receipt_url(base_url: str, secret: str, key_id: str, *, form: str, service: str,
                dossier: str, expires_at: dt.datetime) -> str:
    """The receipt link of a dossier, as the one-stop system computes it offline."""
    expiry = str(int(expires_at.timestamp()))
    signature = receipt_signature(secret, key_id, form, service, expiry, dossier)
    query = urlencode({"k": key_id, "f": form, "s": service, "e": expiry, "d": dossier,
                       "h": signature}, quote_via=quote, safe="")
    return f"{base_url.rstrip('/')}{PATH}?{query}"


def parse_receipt(params: Mapping[str, str], now: dt.datetime | None = None) -> ReceiptClaims:
    """The claims of a receipt link's query, or :class:`ReceiptRejected` (a value
    missing, too long or malformed, or an expiry out of range)."""
    values: dict[str, str] = {}
    for name in RECEIPT_FIELDS:
        value = params.get(name)
        if not isinstance(value, str) or not value.strip():
            raise ReceiptRejected(N_("The receipt link is incomplete: the value {name} is "
                                     "missing. Scan the code again or type the whole "
                                     "address."), name=name)
        if len(value) > _LIMITS.get(name, 64):
            raise ReceiptRejected(N_("The receipt link is not valid: the value {name} is "
                                     "too long."), name=name)
        values[name] = value
    if not _KEY_ID.fullmatch(values["k"]) or not _SIGNATURE.fullmatch(values["h"]):
        raise ReceiptRejected(N_("The receipt link is not valid: its key or signature is "
                                 "malformed."))
    if not _EXPIRY.fullmatch(values["e"]):
        raise ReceiptRejected(N_("The receipt link is not valid: its expiry must be a time "
                                 "in Unix seconds."))
    moment = (now or dt.datetime.now(dt.UTC)).timestamp()
    if int(values["e"]) - moment > MAX_LIFETIME.total_seconds():
        raise ReceiptRejected(N_("The receipt link is not valid: it may expire at most {days} "
                                 "days ahead."), days=MAX_LIFETIME.days)
    expires = dt.datetime.fromtimestamp(int(values["e"]), dt.UTC)
    return ReceiptClaims(key_id=values["k"], form=values["f"], service=values["s"],
                         dossier=values["d"], expires_at=expires, expiry=values["e"],
                         signature=values["h"])
