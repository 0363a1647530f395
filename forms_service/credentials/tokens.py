"""Context tokens: JWTs (HS256) a portal signs with its key's signing secret.

Header ``{"alg": "HS256", "typ": "JWT", "kid": "<key_id>"}``; claims ``form``
(slug), ``svc`` (procedure code), ``agency``, ``dossier`` (opaque reference),
``channel``, ``locale``, ``exp`` (at most 7 days after ``iat``, or after now
when ``iat`` is absent), ``jti``; ``iat`` is optional.

The signing secret is derived, not stored:
``base64url(HMAC-SHA256(PHIEU_SECRET_KEY, "portal-signing:" + key_id))``
without padding, used as the HMAC key as the bytes of its text.  Revoking
the key therefore revokes every token it signed.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

import jwt
import msgspec

from forms_service.channels import CLAIMABLE
from forms_service.credentials.errors import (
    ALGORITHM,
    CLAIM,
    LIFETIME,
    MALFORMED,
    NO_KID,
    NOT_YET,
    SIGNATURE,
    TokenExpired,
    TokenInvalid,
)
from forms_service.credentials.keyed import hmac_sha256
from forms_service.i18n import LOCALES

__all__ = [
    "MAX_LIFETIME",
    "ContextClaims",
    "ensure_fresh",
    "sign_token",
    "signing_secret",
    "token_key_id",
    "verify_token",
]

MAX_LIFETIME = dt.timedelta(days=7)
LEEWAY = dt.timedelta(seconds=60)
MAX_TOKEN_LENGTH = 4096
_TEXT_LIMITS = {"form": 80, "svc": 64, "agency": 40, "dossier": 200, "jti": 128}


@dataclass(frozen=True, slots=True)
class ContextClaims:
    """The checked claims of a context token."""

    key_id: str
    form: str
    service: str
    agency: str
    dossier: str
    channel: str
    locale: str | None  # None: the page follows the browser's languages
    jti: str
    expires_at: dt.datetime


@functools.lru_cache(maxsize=4096)
def signing_secret(secret_key: str, key_id: str) -> str:
    """The HS256 secret of portal key ``key_id`` (shown once when the key is created)."""
    digest = hmac.new(
        secret_key.encode(), f"portal-signing:{key_id}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def sign_token(
    secret: str, key_id: str, *, form: str, service: str, agency: str, dossier: str,
    channel: str = "web", locale: str = "vi", ttl: dt.timedelta = dt.timedelta(days=1),
    jti: str | None = None, now: dt.datetime | None = None,
) -> tuple[str, dt.datetime]:
    """A signed context token and the moment it expires."""
    issued = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    expires = issued + ttl
    claims = {
        "form": form, "svc": service, "agency": agency, "dossier": dossier,
        "channel": channel, "locale": locale, "iat": int(issued.timestamp()),
        "exp": int(expires.timestamp()), "jti": jti or secrets.token_urlsafe(16),
    }
    token = jwt.encode(claims, secret, algorithm="HS256", headers={"kid": key_id})
    return token, expires


def token_key_id(token: str) -> str:
    """The ``kid`` of an HS256 token, read before the signature is checked."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise TokenInvalid(MALFORMED)
    return _header_key_id(token.split(".", 1)[0])


@functools.lru_cache(maxsize=256)
def _header_key_id(segment: str) -> str:
    """The ``kid`` of a header segment (a portal signs every token with the same header)."""
    header = _json_segment(segment)
    if header.get("alg") != "HS256":
        raise TokenInvalid(ALGORITHM)
    kid = header.get("kid")
    if not isinstance(kid, str) or _KEY_ID.fullmatch(kid) is None:
        raise TokenInvalid(NO_KID)
    return kid


_SEGMENT = re.compile(r"[A-Za-z0-9_-]*={0,2}")
# a key id is printable ASCII (``phk_`` ids are base64url); anything else
# (a NUL, a line break, a letter with a diacritic) names no key
_KEY_ID = re.compile(r"[!-~]{1,32}")
_URLSAFE = bytes.maketrans(b"-_", b"+/")
_json = msgspec.json.Decoder()


def _segment(text: str) -> bytes:
    """A base64url segment (padding optional) decoded; MALFORMED otherwise."""
    stripped = text.rstrip("=")
    if (not _SEGMENT.fullmatch(text) or len(stripped) % 4 == 1
            or (stripped != text and len(text) % 4)):
        raise TokenInvalid(MALFORMED)
    # the characters are checked above (ASCII only): base64.urlsafe_b64decode
    # without its checks; bytes.translate costs a fraction of str.translate
    padded = (stripped + "=" * (-len(stripped) % 4)).encode("ascii")
    return binascii.a2b_base64(padded.translate(_URLSAFE))


def _json_segment(text: str) -> dict[str, Any]:
    try:
        value = _json.decode(_segment(text))
    except msgspec.DecodeError:
        raise TokenInvalid(MALFORMED) from None
    if not isinstance(value, dict):
        raise TokenInvalid(MALFORMED)
    return value


@functools.lru_cache(maxsize=256)
def _header_alg(segment: str) -> object:
    return _json_segment(segment).get("alg")


def _decode_hs256(token: str, secret: str) -> dict[str, Any]:
    """The payload of a compact HS256 JWS whose signature matches ``secret``.

    Done here rather than with PyJWT, whose character-by-character checks
    of each segment cost more than everything else on a submission; the
    checks are the same: three base64url segments, a JSON object header
    with ``alg`` HS256, a constant-time signature comparison, a JSON object
    payload, and no ``aud`` claim (no audience is expected).
    """
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenInvalid(MALFORMED)
    head, body, signature = parts
    if not body.isascii():  # base64url is ASCII; checked before the text is signed as bytes
        raise TokenInvalid(MALFORMED)
    if _header_alg(head) != "HS256":
        raise TokenInvalid(ALGORITHM)
    expected = hmac_sha256(secret.encode(), f"{head}.{body}".encode("ascii"))
    if not hmac.compare_digest(expected, _segment(signature)):
        raise TokenInvalid(SIGNATURE)
    payload = _json_segment(body)
    if "aud" in payload:
        raise TokenInvalid(MALFORMED)
    return payload


def verify_token(
    token: str, secret: str, *, key_id: str, now: dt.datetime | None = None,
    check_expiry: bool = True,
) -> ContextClaims:
    """Check signature, claims and lifetime (expiry last, unless ``check_expiry`` is off).

    A caller that checks revocation between the signature and the expiry
    calls ``verify_token(..., check_expiry=False)``, checks the key, then
    :func:`ensure_fresh`.
    """
    payload = _decode_hs256(token, secret)
    claims = _claims(payload, key_id, now or dt.datetime.now(dt.UTC))
    if check_expiry:
        ensure_fresh(claims, now)
    return claims


def ensure_fresh(claims: ContextClaims, now: dt.datetime | None = None) -> None:
    """Raise :class:`TokenExpired` once ``exp`` has passed (with a minute of leeway)."""
    if claims.expires_at + LEEWAY <= (now or dt.datetime.now(dt.UTC)):
        raise TokenExpired()


def _claims(payload: dict[str, Any], key_id: str, now: dt.datetime) -> ContextClaims:
    values: dict[str, str] = {}
    for name, limit in _TEXT_LIMITS.items():
        value = payload.get(name)
        if not isinstance(value, str) or len(value) > limit:
            raise TokenInvalid(CLAIM, claim=name)
        value = value.strip()
        if not value:
            raise TokenInvalid(CLAIM, claim=name)
        values[name] = value
    channel = payload.get("channel", "web")
    if channel not in CLAIMABLE:
        raise TokenInvalid(CLAIM, claim="channel")
    locale = payload.get("locale")
    if locale is not None and locale not in LOCALES:
        raise TokenInvalid(CLAIM, claim="locale")
    expires = _moment(payload.get("exp"), "exp")
    issued = _moment(payload["iat"], "iat") if "iat" in payload else None
    if issued is not None and issued - LEEWAY > now:
        raise TokenInvalid(NOT_YET)
    if "nbf" in payload and _moment(payload["nbf"], "nbf") - LEEWAY > now:
        raise TokenInvalid(NOT_YET)
    if expires - (issued or now) > MAX_LIFETIME or expires - now > MAX_LIFETIME + LEEWAY:
        raise TokenInvalid(LIFETIME)
    return ContextClaims(
        key_id=key_id, form=values["form"], service=values["svc"], agency=values["agency"],
        dossier=values["dossier"], channel=channel, locale=locale, jti=values["jti"],
        expires_at=expires,
    )


def _moment(value: object, name: str) -> dt.datetime:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TokenInvalid(CLAIM, claim=name)
    try:
        return dt.datetime.fromtimestamp(value, dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise TokenInvalid(CLAIM, claim=name) from None
