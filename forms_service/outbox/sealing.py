"""Contacts and message texts encrypted at rest: AES-256-GCM.

The key is ``PHIEU_CONTACT_KEY`` when set, else derived from
``PHIEU_SECRET_KEY`` with HKDF-SHA-256 (its own ``info``, so it is not the key
of the dossier hashes). Each value gets a random 96-bit nonce; the
associated data binds a sealed value to its row (the message's idempotency
key), so a value copied onto another row does not open.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = ["Sealer", "SealingError"]

_VERSION = "v1"


class SealingError(ValueError):
    """A sealed value does not open with this key (wrong key, or tampered)."""


class Sealer:
    """Seal and open JSON values with one key."""

    def __init__(self, secret_key: str, contact_key: str = "") -> None:
        material = (contact_key or secret_key).encode("utf-8")
        info = b"phieu contact key v1" if not contact_key else b"phieu contact key (own) v1"
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(material)
        self._aead = AESGCM(key)

    def seal(self, value: Any, bound_to: str) -> str:
        nonce = os.urandom(12)
        plain = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        sealed = self._aead.encrypt(nonce, plain, bound_to.encode("utf-8"))
        return f"{_VERSION}.{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"

    def open(self, text: str, bound_to: str) -> Any:
        version, _, body = text.partition(".")
        if version != _VERSION:
            raise SealingError(f"unknown sealed value version {version!r}")
        raw = base64.urlsafe_b64decode(body.encode("ascii"))
        try:
            plain = self._aead.decrypt(raw[:12], raw[12:], bound_to.encode("utf-8"))
        except InvalidTag:
            raise SealingError("the sealed value does not open with this key") from None
        return json.loads(plain)
