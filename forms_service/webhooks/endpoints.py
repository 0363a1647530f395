"""Checking what an agency registers: the URL of an endpoint and its event types."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from forms_service.errors import InvalidInput
from forms_service.outbox.destinations import is_public, literal_address
from forms_service.webhooks.events import EVENTS

__all__ = ["MAX_URL", "check_events", "check_url"]

MAX_URL = 2000
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def _is_loopback(host: str) -> bool:
    address = literal_address(host)
    if address is None:
        return host in _LOOPBACK_NAMES or host.endswith(".localhost")
    return address.is_loopback


def check_url(url: str, allowed_hosts: Iterable[str]) -> str:
    """``url`` as stored, or :class:`InvalidInput` saying how to fix it."""
    url = url.strip()
    if not url or len(url) > MAX_URL:
        raise InvalidInput("url must be an https:// address of at most 2000 characters.")
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 — raises for a port that is not a number
    except ValueError:
        raise InvalidInput("url is not a valid address: check it and try again.") from None
    if parts.scheme not in ("https", "http") or not host:
        raise InvalidInput("url must be an https:// address of at most 2000 characters.")
    if parts.username is not None or parts.password is not None:
        raise InvalidInput("url must not carry a user name or password: the requests are "
                           "signed, use the endpoint's secret to check them.")
    if parts.fragment:
        raise InvalidInput("url must not have a #fragment.")
    if parts.scheme == "http" and not _is_loopback(host):
        raise InvalidInput("url must use https://; plain http:// is accepted only for a "
                           "loopback address (127.0.0.1, ::1, localhost).")
    address = literal_address(host)
    allowed = host in {h.lower() for h in allowed_hosts}
    if not allowed and ((address is not None and not is_public(address))
                        or _is_loopback(host)):
        raise InvalidInput("url points to a private, loopback or link-local address "
                           "({host}), which webhooks never call unless an administrator "
                           "allows the host (PHIEU_WEBHOOK_ALLOWED_HOSTS).", host=host[:100])
    return url


def check_events(events: Sequence[str]) -> list[str]:
    """The event types, each once, or :class:`InvalidInput` listing the known ones."""
    if not events:
        raise InvalidInput("events must name at least one event type: {known}.",
                           known=", ".join(EVENTS))
    unknown = [name for name in events if name not in EVENTS]
    if unknown:
        raise InvalidInput("Unknown event type {name}: use one of {known}.",
                           name=str(unknown[0])[:40], known=", ".join(EVENTS))
    return list(dict.fromkeys(events))
