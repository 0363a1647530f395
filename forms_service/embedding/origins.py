"""Portal origins: ``https://host[:port]``, normalized."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from forms_service.errors import InvalidInput

__all__ = ["normalize_origin"]

_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")


def _loopback(host: str) -> bool:
    """``localhost``, any address of 127.0.0.0/8, or ``[::1]``: this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False

_DEFAULT_PORTS = {"https": 443, "http": 80}


def normalize_origin(text: str) -> str:
    """``text`` as ``scheme://host[:port]``; https, or http for this machine only
    (localhost, 127.0.0.0/8, ``[::1]``)."""
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
        try:  # as browsers write it: [::1], not [0:0:0:0:0:0:0:1]
            host = f"[{ipaddress.IPv6Address(host).compressed}]"
        except ValueError:
            raise _bad(raw) from None
    try:
        ascii_host = host if host.startswith("[") else host.encode("idna").decode("ascii")
    except UnicodeError:
        raise _bad(raw) from None
    local = _loopback(ascii_host)
    if not local and not _HOST.fullmatch(ascii_host):
        raise _bad(raw)
    if scheme == "http" and not local:
        raise InvalidInput(
            "The portal origin {origin} must use https (http is accepted only for this "
            "machine: localhost, 127.0.0.1 to 127.255.255.254, [::1]).",
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
