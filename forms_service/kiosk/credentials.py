"""Device credentials: one-time enrolment codes and the signature of a device's
requests.

A device's credential is ``HMAC-SHA-256(secret_key, "phieu-device:" + public id
+ ":" + nonce)``, base64url: the server derives it again from the nonce it
keeps, so the credential itself is never stored. A device signs each request
with it: ``X-Phieu-Signature`` is the hex HMAC-SHA-256, keyed with the
credential, of ``METHOD + "\\n" + path + "\\n" + body``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

__all__ = [
    "ENROLMENT_ALPHABET",
    "derive_credential",
    "digest",
    "new_enrolment_code",
    "new_nonce",
    "new_public_id",
    "request_signature",
    "signature_matches",
]

# no 0/O, 1/I/L: read aloud and typed on a tablet
ENROLMENT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_public_id() -> str:
    return "dv_" + secrets.token_hex(8)


def new_enrolment_code() -> str:
    """Ten characters (about 50 bits): enough for a code that lives 15 minutes."""
    return "".join(secrets.choice(ENROLMENT_ALPHABET) for _ in range(10))


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def derive_credential(secret_key: str, public_id: str, nonce: str) -> str:
    mac = hmac.new(secret_key.encode("utf-8"), f"phieu-device:{public_id}:{nonce}".encode(),
                   hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")


def request_signature(credential: str, method: str, path: str, body: bytes) -> str:
    message = method.upper().encode("ascii") + b"\n" + path.encode("utf-8") + b"\n" + body
    return hmac.new(credential.encode("ascii"), message, hashlib.sha256).hexdigest()


def signature_matches(credential: str, method: str, path: str, body: bytes,
                      signature: str) -> bool:
    expected = request_signature(credential, method, path, body)
    return hmac.compare_digest(expected, signature.strip().lower())
