"""Signed values the form pages hand out: open-form nonces and answer receipts.

An open form (no context token) is bound to a nonce minted when the page is
rendered and carried in a hidden field, not in a cookie: a hidden field works
inside third-party iframes where browsers block cookies, and a per-page nonce
does not stop the next citizen at a shared one-stop-centre kiosk from
answering.  One response is accepted per nonce (its keyed hash takes the
dossier slot), and rate limits count per nonce.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

from forms_service.embedding.errors import FormExpired

__all__ = ["NONCE_MAX_AGE", "issue_nonce", "make_receipt", "open_receipt", "read_nonce"]

NONCE_MAX_AGE = 24 * 3600


def _mac(secret_key: str, message: str) -> str:
    digest = hmac.new(secret_key.encode(), message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode("ascii")


def issue_nonce(secret_key: str, slug: str, *, now: float | None = None) -> str:
    """A fresh nonce for one rendering of open form ``slug``: ``<id>.<time>.<mac>``."""
    ident = secrets.token_urlsafe(16)
    issued = int(now if now is not None else time.time())
    return f"{ident}.{issued}.{_mac(secret_key, f'open-form:{slug}:{ident}:{issued}')}"


def read_nonce(secret_key: str, slug: str, value: str | None, *, now: float | None = None) -> str:
    """The nonce id of a field value issued for ``slug``; :class:`FormExpired` if not."""
    parts = (value or "").split(".")
    if len(parts) != 3 or not parts[1].isdigit() or len(value or "") > 120:
        raise FormExpired()
    ident, issued, mac = parts
    expected = _mac(secret_key, f"open-form:{slug}:{ident}:{issued}")
    if not hmac.compare_digest(mac, expected):
        raise FormExpired()
    age = (now if now is not None else time.time()) - int(issued)
    if not -60 <= age <= NONCE_MAX_AGE:
        raise FormExpired()
    return ident


def make_receipt(secret_key: str, slug: str, response_id: int) -> str:
    """``<id>.<mac>``: lets the thank-you page name the response it thanks for."""
    return f"{response_id}.{_mac(secret_key, f'receipt:{slug}:{response_id}')}"


def open_receipt(secret_key: str, slug: str, value: str | None) -> int | None:
    """The response id of a receipt for ``slug``, or ``None`` if it is not one."""
    ident, _, mac = (value or "").partition(".")
    if not ident.isdigit() or len(ident) > 18:
        return None
    if not hmac.compare_digest(mac, _mac(secret_key, f"receipt:{slug}:{ident}")):
        return None
    return int(ident)
