"""Password hashing with Argon2id (``argon2-cffi``).

Hashing and verifying cost tens of milliseconds of CPU on purpose, so they
run in a worker thread and never block the event loop.  ``verify`` takes as
long for an unknown person (checked against a fixed dummy hash) as for a
known one, so timing does not tell which e-mail addresses have accounts.
"""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

__all__ = ["MAX_LENGTH", "MIN_LENGTH", "hash_password", "needs_rehash", "verify_password"]

MIN_LENGTH = 10
MAX_LENGTH = 256

# RFC 9106's second recommended option (64 MiB, 3 passes) is argon2-cffi's default
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("phieu: no such person")


def _hash(password: str) -> str:
    return _HASHER.hash(password)


def _verify(stored: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hash, password)


async def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored`` (always False when ``stored`` is None)."""
    return await asyncio.to_thread(_verify, stored, password[:MAX_LENGTH])


def needs_rehash(stored: str) -> bool:
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return False
