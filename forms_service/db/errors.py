"""What a database error means, on either engine: a race on a unique key, a
database out of reach, a number too large for its column.

Every connection-level failure counts as "out of reach" (answered 503 with
``Retry-After``): refused or broken connections, a server shutting down or
terminating its backends, a database that does not accept connections.
"""

from __future__ import annotations

import sqlite3

__all__ = ["is_out_of_range", "is_unavailable_error", "is_unique_violation"]


def is_unique_violation(exc: BaseException) -> bool:
    """Whether ``exc`` is a unique-key violation (a race the checks did not see)."""
    if isinstance(exc, sqlite3.IntegrityError):
        return "UNIQUE" in str(exc)
    try:
        import asyncpg
    except ImportError:  # pragma: no cover
        return False
    return isinstance(exc, asyncpg.exceptions.UniqueViolationError)


def is_unavailable_error(exc: BaseException) -> bool:
    """Whether ``exc`` means the database cannot be reached right now."""
    if isinstance(exc, ConnectionError | TimeoutError):
        return True
    if isinstance(exc, sqlite3.OperationalError):
        message = str(exc).lower()
        return "locked" in message or "unable to open" in message or "disk i/o" in message
    try:
        import asyncpg
    except ImportError:  # pragma: no cover - asyncpg is a dependency
        return False
    if isinstance(
        exc,
        asyncpg.exceptions.PostgresConnectionError  # class 08: connection exceptions
        | asyncpg.exceptions.OperatorInterventionError  # 57: shutdown, backend terminated
        | asyncpg.exceptions.TooManyConnectionsError
        | asyncpg.exceptions.ConnectionDoesNotExistError
        | asyncpg.exceptions.InterfaceError
        # a connection broken mid-protocol ("cannot switch to state 12")
        | asyncpg.exceptions.InternalClientError,
    ):
        return True
    # 55000, for a database that refuses connections (ALLOW_CONNECTIONS false)
    return isinstance(exc, asyncpg.exceptions.ObjectNotInPrerequisiteStateError) and (
        "accepting connections" in str(exc))


def is_out_of_range(exc: BaseException) -> bool:
    """Whether the database refused a number too large for its column (a huge path id)."""
    if isinstance(exc, OverflowError):
        return True
    try:
        import asyncpg
    except ImportError:  # pragma: no cover - asyncpg is a dependency
        return False
    if isinstance(exc, asyncpg.exceptions.NumericValueOutOfRangeError):
        return True
    return isinstance(exc, asyncpg.exceptions.DataError) and "out of" in str(exc) and (
        "range" in str(exc))
