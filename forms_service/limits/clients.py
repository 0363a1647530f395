"""The client's address, trusting forwarded headers only from listed proxies.

uvicorn trusts ``X-Forwarded-For`` from 127.0.0.1 by default, so a client on
the same machine could claim any address (and a fresh one per request).
``phieu serve`` turns uvicorn's handling off; :func:`client_address` reads
the header here, only when the peer is one of ``PHIEU_TRUSTED_PROXIES``
(addresses or networks, comma-separated; default none), taking the nearest
address in the chain that is not itself a trusted proxy.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["Network", "address_key", "client_address", "parse_proxies"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_proxies(text: str) -> tuple[Network, ...]:
    """``"10.0.0.0/8, 127.0.0.1"`` → networks; ValueError naming a bad entry."""
    networks: list[Network] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(
                f"PHIEU_TRUSTED_PROXIES: {item!r} is not an address or a network "
                "(write it like 10.0.0.5 or 10.0.0.0/8)") from None
    return tuple(networks)


def _trusted(address: str, proxies: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def _forwarded(headers: Iterable[tuple[bytes, bytes]]) -> list[str]:
    chain: list[str] = []
    for name, value in headers:
        if name == b"x-forwarded-for":
            chain.extend(part.strip() for part in value.decode("latin-1").split(","))
    return [part for part in chain if part]


def client_address(scope: Any, proxies: Sequence[Network]) -> str:
    """The address a request comes from (``"-"`` when unknown)."""
    client = scope.get("client")
    peer = client[0] if client else "-"
    if not proxies or not _trusted(peer, proxies):
        return str(peer)
    for hop in reversed(_forwarded(scope.get("headers", ()))):
        if not _trusted(hop, proxies):
            return hop
    return str(peer)


def address_key(secret: str, address: str) -> str:
    """An opaque key for a client address, the same in every process of the service
    (keyed by its secret), so that shared counters never hold an address."""
    return hmac.new(f"rate-limit:{secret}".encode(), address.encode(),
                    hashlib.sha256).hexdigest()[:32]
