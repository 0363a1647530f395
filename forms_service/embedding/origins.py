"""Portal origins: ``https://host[:port]``, normalized."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from forms_service.errors import InvalidInput

__all__ = ["normalize_origin"]

_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")
_LOCAL = {"localhost", "127.0.0.1", "[::1]"}
_DEFAULT_PORTS = {"https": 443, "http": 80}


def normalize_origin(text: str) -> str:
    """``text`` as ``scheme://host[:port]``; https, or http for localhost only."""
    raw = text.strip()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        raise _bad(raw) from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.username or parts.password or parts.query or parts.fragment or parts.path not in (
        "", "/"
    ):
        raise _bad(raw)
    if scheme not in _DEFAULT_PORTS or not host or "*" in raw:
        raise _bad(raw)
    if ":" in host:
        host = f"[{host}]"
    try:
        ascii_host = host if host.startswith("[") else host.encode("idna").decode("ascii")
    except UnicodeError:
        raise _bad(raw) from None
    if ascii_host not in _LOCAL and not _HOST.fullmatch(ascii_host):
        raise _bad(raw)
    if scheme == "http" and ascii_host not in _LOCAL:
        raise InvalidInput(
            "The portal origin {origin} must use https (http is accepted only for localhost).",
            origin=raw[:200],
        )
    suffix = f":{port}" if port is not None and port != _DEFAULT_PORTS[scheme] else ""
    return f"{scheme}://{ascii_host}{suffix}"


def _bad(raw: str) -> InvalidInput:
    return InvalidInput(
        "{origin} is not a web origin; write it like https://dichvucong.haiduong.gov.vn "
        "(scheme, host and port only).",
        origin=raw[:200],
    )
