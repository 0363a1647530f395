"""Signatures of the Standard Webhooks specification (https://www.standardwebhooks.com).

A secret is ``whsec_`` followed by the base64 of 24 random bytes. The signed
content is ``{webhook-id}.{webhook-timestamp}.{body}``; the signature is
``v1,`` and the base64 of its HMAC-SHA256 under the secret's bytes. Several
signatures (during a secret rotation) are separated by spaces in one
``webhook-signature`` header; a receiver accepts the message if any matches.
The tests check these against the ``standardwebhooks`` reference library.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Sequence

__all__ = ["PREFIX", "new_secret", "sign", "signature_header"]

PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + base64.b64encode(os.urandom(24)).decode("ascii")


def sign(secret: str, webhook_id: str, timestamp: int, body: str) -> str:
    key = base64.b64decode(secret.removeprefix(PREFIX))
    content = f"{webhook_id}.{timestamp}.{body}".encode()
    digest = hmac.new(key, content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signature_header(secrets: Sequence[str], webhook_id: str, timestamp: int,
                     body: str) -> str:
    return " ".join(sign(secret, webhook_id, timestamp, body) for secret in secrets)
