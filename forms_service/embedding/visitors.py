"""Who is asking for the form pages, for rate limits: a browser, else an address.

A one-stop centre puts hundreds of citizens behind one address, so an
address alone cannot tell one flooding client from a queue of honest ones.
The form pages therefore give each browser a signed visitor cookie
(``phieu_v``: a random id and its HMAC, nothing else; ``SameSite=None;
Secure`` over https so that it comes back from inside a portal's iframe)
and count:

1. each post per context token or open-form nonce (``PHIEU_RATE_LIMIT_FORM``);
2. each request of a browser that shows its cookie, per browser
   (``PHIEU_RATE_LIMIT_VISITOR``, default 30 a minute: a person answering
   needs a handful);
3. only requests without a valid cookie, first visits, per client address
   (``PHIEU_RATE_LIMIT_IP``, generous: 600 a minute).

One client that keeps its cookie is held back by (2) alone and its
neighbours behind the same address are not touched.  A client that throws
its cookie away each time spends only the address's first-visit allowance,
shared with new visitors of that address: that is the remaining exposure,
bounded by (3).  Every count is in the shared store (:mod:`forms_service.limits`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["COOKIE", "MAX_AGE", "new_visitor", "visitor_id"]

COOKIE = "phieu_v"
MAX_AGE = 86400


def _mac(secret: str, ident: str) -> str:
    return hmac.new(f"visitor:{secret}".encode(), ident.encode(),
                    hashlib.sha256).hexdigest()[:24]


def new_visitor(secret: str) -> tuple[str, str]:
    """``(id, cookie value)`` of a new visitor."""
    ident = secrets.token_urlsafe(12)
    return ident, f"{ident}.{_mac(secret, ident)}"


def visitor_id(secret: str, value: str | None) -> str | None:
    """The visitor id of a cookie value, if it is genuine."""
    if not value or len(value) > 80 or "." not in value:
        return None
    ident, _, mac = value.partition(".")
    return ident if hmac.compare_digest(mac, _mac(secret, ident)) else None
