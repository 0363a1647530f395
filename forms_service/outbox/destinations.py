"""Where an HTTP delivery may go: never to a private, loopback or link-local address.

A webhook URL names a host chosen by an agency; without this check it could
make the service call its own database, a metadata endpoint (169.254.169.254)
or anything else on the internal network (server-side request forgery). The
host is resolved and *every* address it resolves to must be public; a host an
administrator allowed explicitly (``PHIEU_WEBHOOK_ALLOWED_HOSTS``, matched by
name as written in the URL) is exempt. Redirects are never followed, so the
check made before the request is the check of the only address contacted.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

__all__ = ["BlockedDestination", "check_destination", "is_public", "literal_address"]


class BlockedDestination(ValueError):
    """The URL's host is, or resolves to, an address webhooks may not reach."""


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not (address.is_private or address.is_loopback or address.is_link_local
                or address.is_multicast or address.is_reserved or address.is_unspecified
                or not address.is_global)


def literal_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


async def check_destination(url: str, allowed_hosts: Iterable[str]) -> None:
    """Raise :class:`BlockedDestination` unless every address of ``url``'s host is
    public, or the host is allowed by name."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        raise BlockedDestination("the URL has no host")
    if host in {h.lower() for h in allowed_hosts}:
        return
    literal = literal_address(host)
    if literal is not None:
        addresses = [literal]
    else:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise BlockedDestination(f"the host {host} could not be resolved "
                                     f"({type(exc).__name__})") from None
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for address in addresses:
        if not is_public(address):
            raise BlockedDestination(
                f"the host {host} resolves to {address}, a private, loopback or link-local "
                "address; an administrator may allow it (PHIEU_WEBHOOK_ALLOWED_HOSTS)")
