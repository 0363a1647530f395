"""Answers and touches meet their dossier, whichever arrives first.

:func:`link_answer` runs after an answer with a dossier hash is stored: if
the dossier is known, the answer takes the unit, counter and officer it was
not given, and the dossier counts as answered (and satisfied or not). An
answer that arrives first is linked by the ingest when the dossier's first
events come (:mod:`forms_service.dossiers.ingest`). :func:`record_touch`
records that the survey was offered to (or opened by) a dossier, once per
kind and channel, and moves the dossier's counts if it is known.

Both take the agency's dossier lock (:mod:`forms_service.dossiers.locks`,
shared) before reading the dossier on PostgreSQL; on SQLite the answer is stored and committed
before the dossier is read, and events are stored in serial transactions,
so one of the two always sees the other. An answer whose dossier is not known
yet costs no write transaction: the committed answer waits for the event
transactions under way, then looks for its dossier once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from forms_service.db import Database
from forms_service.dossiers.aggregates import Deltas, add_contribution, apply_deltas
from forms_service.dossiers.fold import contribution
from forms_service.dossiers.locks import lock_agency, wait_for_ingest

__all__ = ["TOUCH_CHANNELS", "TOUCH_KINDS", "link_answer", "record_touch"]

TOUCH_KINDS = ("offered", "opened")
TOUCH_CHANNELS = ("embed", "invitation", "kiosk", "qr")
_DOSSIER = "SELECT * FROM dossier WHERE agency = {} AND dossier_hash = {}"


async def _locked_dossier(db: Database, agency_id: int, digest: str) -> dict[str, Any] | None:
    """The dossier, its row locked until the transaction ends (PostgreSQL), so that
    two answers or touches of one dossier change it one after the other."""
    rows = await db.raw(_DOSSIER + ("" if db.is_sqlite else " FOR UPDATE"), agency_id, digest)
    return _booleans(rows[0]) if rows else None


async def _changed(db: Database, agency_id: int, dossier: dict[str, Any],
                   changes: dict[str, Any]) -> None:
    """Write ``changes`` of a dossier and move its counts."""
    after = {**dossier, **changes}
    deltas: Deltas = {}
    add_contribution(deltas, contribution(agency_id, dossier), -1)
    add_contribution(deltas, contribution(agency_id, after), 1)
    sets = ", ".join(f"{name} = {{}}" for name in changes)
    await db.raw(f"UPDATE dossier SET {sets} WHERE id = {{}}", *changes.values(), dossier["id"])
    await apply_deltas(db, deltas)


async def link_answer(db: Database, agency_id: int, digest: str, response_id: int,
                      satisfied: bool | None,
                      linked: Callable[[Database], Awaitable[Any]] | None = None) -> bool:
    """Link a stored answer to its dossier if the dossier is known; whether it was.
    ``linked`` is called in the transaction that links it (the caller's
    ``dossier.linked`` webhook event commits with the link)."""
    # most answers of an unknown dossier: no write transaction for them (on
    # PostgreSQL once the event transactions under way have committed)
    await wait_for_ingest(db, agency_id)
    if not await db.raw(_DOSSIER, agency_id, digest):
        return False  # its events, when they come, will find the answer
    async with db.write_transaction():
        await lock_agency(db, agency_id, shared=True)
        dossier = await _locked_dossier(db, agency_id, digest)
        if dossier is None:
            return False
        await db.raw(
            "UPDATE response SET unit = COALESCE(unit, {}), counter = COALESCE(counter, {}), "
            "officer = COALESCE(officer, {}) WHERE id = {}",
            dossier["unit"], dossier["counter"], dossier["officer"], response_id)
        changes: dict[str, Any] = {}
        if not dossier["answered"]:
            changes["answered"] = True
        if dossier["satisfied"] is None and satisfied is not None:
            changes["satisfied"] = bool(satisfied)
        if changes:
            await _changed(db, agency_id, dossier, changes)
        if linked is not None:
            await linked(db)
    return True


async def record_touch(db: Database, agency_id: int, digest: str, *, kind: str, channel: str,
                       form_id: int | None = None, at: dt.datetime | None = None) -> bool:
    """Record a touch (first time per dossier, kind and channel); whether it was new."""
    if kind not in TOUCH_KINDS or channel not in TOUCH_CHANNELS:
        raise ValueError(f"touch {kind!r} on {channel!r}: kinds {TOUCH_KINDS}, "
                         f"channels {TOUCH_CHANNELS}")
    if await db.raw("SELECT 1 FROM dossier_touch WHERE agency = {} AND dossier_hash = {} "
                    "AND kind = {} AND channel = {}", agency_id, digest, kind, channel):
        return False  # recorded already: no write transaction for a page shown again
    async with db.write_transaction():
        await lock_agency(db, agency_id, shared=True)
        inserted = await db.raw(
            "INSERT INTO dossier_touch (agency, dossier_hash, form, kind, channel, at) "
            "VALUES ({}, {}, {}, {}, {}, {}) ON CONFLICT DO NOTHING RETURNING id",
            agency_id, digest, form_id, kind, channel, at or dt.datetime.now(dt.UTC))
        if not inserted:
            return False
        dossier = await _locked_dossier(db, agency_id, digest)
        if dossier is not None and not dossier[kind]:
            await _changed(db, agency_id, dossier, {kind: True})
    return True


def _booleans(row: dict[str, Any]) -> dict[str, Any]:
    """A dossier row read raw (SQLite keeps booleans as 0 and 1)."""
    for name in ("offered", "opened", "answered"):
        row[name] = bool(row[name])
    for name in ("satisfied", "on_time"):
        if row[name] is not None:
            row[name] = bool(row[name])
    return row
