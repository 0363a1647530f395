"""Who is calling: API keys, roles and agency scope.

A key looks like ``phk_<key_id>_<secret>``.  Only the SHA-256 digest of the
secret is stored; ``key_id`` is public (it names the key in lists and is the
``kid`` of the context tokens a portal signs).  Lookups are cached for
``Settings.key_cache_seconds`` per process, so a revoked key stops working
in this process at once and in others within that time.

The roles themselves, and who may hold them, are listed once in
:mod:`forms_service.roles`; ``Role`` is re-exported here for the checks.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from forms_service.errors import Forbidden, Unauthorized
from forms_service.roles import Role

__all__ = [
    "KEY_PREFIX",
    "Principal",
    "Role",
    "generate_key",
    "hash_secret",
    "parse_key",
]

KEY_PREFIX = "phk_"


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller.

    ``unit_ids`` is the unit scope of a person limited to one unit of the agency
    (``unit_id``): that unit and all its sub-units.  ``None`` (every API key, and
    people without a unit) is the whole agency.
    """

    key_id: str
    role: Role
    agency_id: int | None
    agency_code: str | None
    unit_id: int | None = None
    unit_ids: frozenset[int] | None = None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_national(self) -> bool:
        """Admins and agency-less analysts (the national office) see every agency."""
        return self.agency_id is None

    @property
    def is_unit_scoped(self) -> bool:
        """Limited to a unit of the agency and its sub-units."""
        return self.unit_ids is not None

    def can_see_unit(self, *unit_ids: int | None) -> bool:
        """Whether one of ``unit_ids`` (a case's unit, the unit it is assigned to …)
        lies in the caller's unit scope; always, for callers without one."""
        if self.unit_ids is None:
            return True
        return any(unit in self.unit_ids for unit in unit_ids if unit is not None)

    def require_role(self, *roles: Role) -> None:
        if self.role is Role.ADMIN or self.role in roles:
            return
        raise Forbidden(
            "A {role} key cannot do this; it needs one of: {allowed}.",
            role=self.role.value,
            allowed=", ".join(r.value for r in roles) or "admin",
        )

    def can_see_agency(self, agency_id: int) -> bool:
        return self.agency_id is None or self.agency_id == agency_id

    def require_agency(self, agency_id: int) -> None:
        """Refuse access to another agency's data."""
        if not self.can_see_agency(agency_id):
            raise Forbidden("This key belongs to another agency and cannot use its data.")

    def require_write_agency(self, agency_id: int) -> None:
        """Writes need the agency's own key (or admin); national analysts only read."""
        if self.role is Role.ADMIN:
            return
        if self.agency_id != agency_id:
            raise Forbidden("This key belongs to another agency and cannot change its data.")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def generate_key() -> tuple[str, str, str]:
    """Return ``(key, key_id, secret_hash)`` for a new key."""
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return f"{KEY_PREFIX}{key_id}_{secret}", key_id, hash_secret(secret)


def parse_key(key: str) -> tuple[str, str]:
    """Split a key into ``(key_id, secret)``; raise Unauthorized if malformed."""
    if not key.startswith(KEY_PREFIX):
        raise Unauthorized("The API key is malformed: it should start with phk_.")
    key_id, sep, secret = key[len(KEY_PREFIX):].partition("_")
    if not sep or not key_id or not secret or len(key) > 200:
        raise Unauthorized("The API key is malformed.")
    return key_id, secret


class KeyCache:
    """A small per-process TTL cache of authenticated keys."""

    def __init__(self, ttl_seconds: float) -> None:
        self.ttl = ttl_seconds
        self._entries: dict[str, tuple[float, Principal, str]] = {}

    def get(self, key_id: str, secret: str) -> Principal | None:
        entry = self._entries.get(key_id)
        if entry is None:
            return None
        expires, principal, digest = entry
        if expires < time.monotonic():
            self._entries.pop(key_id, None)
            return None
        if not hmac.compare_digest(digest, hash_secret(secret)):
            return None
        return principal

    def known(self, key_id: str) -> Principal | None:
        """The principal of a key cached as valid, for callers that checked a signature
        made with it instead of its secret (context tokens)."""
        entry = self._entries.get(key_id)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, key_id: str, principal: Principal, digest: str) -> None:
        if self.ttl <= 0:
            return
        if len(self._entries) > 10_000:
            self._entries.clear()
        self._entries[key_id] = (time.monotonic() + self.ttl, principal, digest)

    def forget(self, key_id: str) -> None:
        self._entries.pop(key_id, None)

    def clear(self) -> None:
        self._entries.clear()


def bearer_token(header: str | None) -> str:
    if not header:
        raise Unauthorized(
            "An API key is required: send the header Authorization: Bearer <key>.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise Unauthorized(
            "Use the header Authorization: Bearer <key>.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return value.strip()

