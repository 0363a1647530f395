"""Password hashing with Argon2id (``argon2-cffi``).

Hashing and verifying cost tens of milliseconds of CPU and 64 MiB of memory
on purpose, so they run in a worker thread and never block the event loop,
and no more of them run at once than the machine has cores
(:data:`HASH_SLOTS`): a request that finds every slot taken for a second is
answered 503 with ``Retry-After`` (:class:`HashingBusy`) instead of queueing
memory without bound under a flood.  ``verify`` takes as
long for an unknown person (checked against a fixed dummy hash) as for a
known one, so timing does not tell which e-mail addresses have accounts.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from forms_service.errors import PhieuError

__all__ = [
    "HASH_SLOTS",
    "MAX_LENGTH",
    "MIN_LENGTH",
    "HashingBusy",
    "hash_password",
    "needs_rehash",
    "verify_password",
]

#: password hashes computed at once, at most (one per core)
HASH_SLOTS = max(1, os.cpu_count() or 1)
_SLOTS = threading.BoundedSemaphore(HASH_SLOTS)
_WAIT_SECONDS = 1.0


class HashingBusy(PhieuError):
    """Every password-hashing slot is taken."""

    status = 503
    code = "busy"

    def __init__(self) -> None:
        super().__init__("The service is busy checking passwords. Try again in a few seconds.",
                         headers={"Retry-After": "2"})

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


async def _slot() -> None:
    """Take a hashing slot, waiting up to a second; :class:`HashingBusy` otherwise."""
    deadline = time.monotonic() + _WAIT_SECONDS
    while not _SLOTS.acquire(blocking=False):
        if time.monotonic() >= deadline:
            raise HashingBusy()
        await asyncio.sleep(0.02)


async def hash_password(password: str) -> str:
    await _slot()
    try:
        return await asyncio.to_thread(_hash, password)
    finally:
        _SLOTS.release()


async def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored`` (always False when ``stored`` is None)."""
    await _slot()
    try:
        return await asyncio.to_thread(_verify, stored, password[:MAX_LENGTH])
    finally:
        _SLOTS.release()


def needs_rehash(stored: str) -> bool:
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return False
