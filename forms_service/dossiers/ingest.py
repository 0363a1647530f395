"""Storing a batch of dossier events: each once, the dossiers' latest state, the
links to answers and the monthly counts, in one write transaction.

:func:`ingest_events` checks every event on its own (an event that fails
is reported with its field and does not stop the others), resolves the
codes of services, units, counters and officers of the agency (registering
unknown officers and counters when the agency allows it), then in one
transaction inserts the events (``ON CONFLICT DO NOTHING`` on agency,
system and event id: a replay stores nothing and is told ``duplicate``),
folds the new events into their dossiers (:mod:`forms_service.dossiers.fold`),
gives answers already linked to a dossier its unit, counter and officer
and moves the dossiers' counts in ``dossier_month``.

On PostgreSQL the transaction takes the agency's dossier lock before it
reads the dossiers (:mod:`forms_service.dossiers.locks`): events of one
dossier in concurrent batches, or an answer arriving while its dossier's
first events are being stored, are applied one after the other. On SQLite
write transactions are serial already.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from typing import Any

from forms_service.context import Context
from forms_service.credentials.keyed import dossier_hash
from forms_service.db import Database
from forms_service.db.bulk import insert_rows, select_in
from forms_service.dossiers.aggregates import Deltas, add_contribution, apply_deltas
from forms_service.dossiers.events import Event, EventRejected, contact_problem, parse_event
from forms_service.dossiers.fold import STATE_FIELDS, contribution, fold
from forms_service.dossiers.listeners import Note, ReturnedDossier, notify_returned
from forms_service.dossiers.locks import lock_agency
from forms_service.dossiers.results import EventResult
from forms_service.dossiers.staff import resolve_staff
from forms_service.errors import NotFound
from forms_service.webhooks.publish import publish, subscribed

__all__ = ["EVENT_COLUMNS", "ingest_events"]

EVENT_COLUMNS = ("agency", "system", "event_id", "dossier_hash", "service", "status", "at",
                 "channel", "received_at", "due_at", "returned_at", "unit", "counter",
                 "officer", "submitted_by", "stored_at")
DOSSIER_COLUMNS = ("agency", "dossier_hash", *STATE_FIELDS, "offered", "opened", "answered",
                   "satisfied")
EVENT_TYPES = ("int", "text", "text", "text", "int", "text", "timestamptz", "text",
               "timestamptz", "timestamptz", "timestamptz", "int", "int", "int", "text",
               "timestamptz")
DOSSIER_TYPES = ("int", "text", "int", "text", "text", "timestamptz", "timestamptz",
                 "timestamptz", "int", "int", "int", "text", "timestamptz", "bool", "text",
                 "bool", "bool", "bool", "bool")
_CHUNK = 500
# a row's values in column order (what a state leaves out is NULL, or not yet touched)
_EVENT_VALUES = operator.itemgetter(*EVENT_COLUMNS)
_DOSSIER_VALUES = operator.itemgetter(*DOSSIER_COLUMNS)
_DOSSIER_DEFAULTS: dict[str, Any] = dict.fromkeys(DOSSIER_COLUMNS) | {
    "offered": False, "opened": False, "answered": False}


async def _agency(agency_id: int) -> dict[str, Any]:
    from forms_service.agencies.tables import Agency

    row = await Agency.select(Agency.id, Agency.code, Agency.auto_register_staff).where(
        Agency.id == agency_id).first().run()
    if row is None:
        raise NotFound("There is no agency with id {id}.", id=agency_id)
    return row


async def ingest_events(ctx: Context, agency_id: int, events: list[Any], *,
                        system_default: str | None = None) -> list[EventResult]:
    """Store ``events`` (dicts with the API's English field names) for the agency;
    one :class:`EventResult` per event, in order."""
    agency = await _agency(agency_id)
    results: list[EventResult | None] = [None] * len(events)
    parsed: list[tuple[int, Event]] = []
    seen: set[tuple[str, str]] = set()
    for index, raw in enumerate(events):
        event_id = raw.get("event_id") if isinstance(raw, dict) else None
        event_id = str(event_id)[:128] if event_id is not None else None
        try:
            event = parse_event(raw, system_default=system_default)
        except EventRejected as exc:
            results[index] = EventResult(index, event_id, "error", exc.field, exc.code,
                                         exc.message, exc.params)
            continue
        if (event.system, event.event_id) in seen:  # the batch repeats itself
            results[index] = EventResult(index, event.event_id, "duplicate")
            continue
        seen.add((event.system, event.event_id))
        parsed.append((index, event))
    if parsed:
        async with ctx.db.write_transaction():
            staff = await resolve_staff(ctx.db, agency, [event for _, event in parsed])
            rows: list[tuple[int, dict[str, Any]]] = []
            for index, event in parsed:
                try:
                    ids = staff.ids(event)
                except EventRejected as exc:
                    results[index] = EventResult(index, event.event_id, "error", exc.field,
                                                 exc.code, exc.message, exc.params)
                    continue
                rows.append((index, _event_row(ctx, agency, event, ids)))
            stored = await _insert_events(ctx.db, [row for _, row in rows])
            for index, row in rows:
                known = (row["system"], row["event_id"]) in stored
                results[index] = EventResult(index, row["event_id"],
                                             "stored" if known else "duplicate")
            fresh = [row for _, row in rows if (row["system"], row["event_id"]) in stored]
            for row in fresh:
                row["id"] = stored[(row["system"], row["event_id"])]
            if fresh:
                await _apply(ctx.db, agency_id, fresh)
            contacts: dict[int, str | None] = {}
            for index, row in rows:
                if (row["system"], row["event_id"]) not in stored:
                    continue
                contact, problem = _contact(events[index])
                contacts[index] = contact
                if problem is not None:  # stored all the same, and said
                    results[index].notes.append(  # type: ignore[union-attr]
                        Note("contact_invalid", problem))
            returned = [ReturnedDossier(index, agency_id, agency["code"], row, contacts[index],
                                        _language(events[index]))
                        for index, row in rows if row["status"] == "returned"
                        and (row["system"], row["event_id"]) in stored]
            for index, notes in (await notify_returned(ctx.db, returned)).items():
                results[index].notes.extend(notes)  # type: ignore[union-attr]
    return [result for result in results if result is not None]


def _language(raw: Any) -> str | None:
    value = raw.get("language") if isinstance(raw, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _contact(raw: Any) -> tuple[str | None, str | None]:
    """The event's contact if it is one, and why not otherwise (an English msgid)."""
    value = raw.get("contact") if isinstance(raw, dict) else None
    problem = contact_problem(value)
    if problem is not None or not isinstance(value, str):
        return None, problem
    return value.strip() or None, None


def _event_row(ctx: Context, agency: dict[str, Any], event: Event,
               ids: tuple[int, int | None, int | None, int | None]) -> dict[str, Any]:
    service, unit, counter, officer = ids
    return {
        "agency": agency["id"], "system": event.system, "event_id": event.event_id,
        "dossier_hash": dossier_hash(ctx.settings.secret_key, agency["code"], event.dossier),
        "service": service, "status": event.status, "at": event.at, "channel": event.channel,
        "received_at": event.received_at, "due_at": event.due_at,
        "returned_at": event.returned_at, "unit": unit, "counter": counter,
        "officer": officer, "submitted_by": event.submitted_by,
        "stored_at": dt.datetime.now(dt.UTC),
    }


async def _insert_events(db: Database, rows: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    """Insert the rows that are new (in key order); their ids by (system, event_id)."""
    ordered = sorted(rows, key=lambda row: (row["system"], row["event_id"]))
    values = [_EVENT_VALUES(row) for row in ordered]
    returned = await insert_rows(db, "dossier_event", EVENT_COLUMNS, EVENT_TYPES, values,
                                 "ON CONFLICT DO NOTHING RETURNING id, system, event_id")
    return {(system, event_id): int(row_id) for row_id, system, event_id in returned}


async def _apply(db: Database, agency_id: int, fresh: list[dict[str, Any]]) -> None:
    """Fold the newly stored events into their dossiers; link answers; move the counts."""
    by_dossier: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in fresh:
        by_dossier[row["dossier_hash"]].append(row)
    hashes = sorted(by_dossier)
    await lock_agency(db, agency_id)
    old = await _dossiers(db, agency_id, hashes)
    deltas: Deltas = {}
    states: dict[str, dict[str, Any]] = {}
    replay: list[str] = []
    for digest in hashes:
        events = sorted(by_dossier[digest], key=lambda e: (e["at"], e["id"]))
        before = old.get(digest)
        if before is not None and events[0]["at"] < _aware(before["last_event_at"]):
            replay.append(digest)  # an earlier event arrived late: fold them all again
            continue
        states[digest] = fold(events, before)
    if replay:
        for digest, events in (await _all_events(agency_id, replay)).items():
            base = {k: old[digest][k] for k in ("offered", "opened", "answered", "satisfied")}
            states[digest] = fold(events, base)
    new = [digest for digest in hashes if digest not in old]
    if new:
        await _survey_flags(db, agency_id, new, states)
    for digest in hashes:
        add_contribution(deltas, contribution(agency_id, old.get(digest)), -1)
        add_contribution(deltas, contribution(agency_id, states[digest]), 1)
    await _upsert_dossiers(db, agency_id, states)
    await _give_staff_to_answers(db, agency_id, states)
    await apply_deltas(db, deltas)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


async def _dossiers(db: Database, agency_id: int,
                    hashes: list[str]) -> dict[str, dict[str, Any]]:
    rows = await select_in(
        db, f"SELECT {', '.join(DOSSIER_COLUMNS)} FROM dossier WHERE agency = {{}} "
        "AND dossier_hash {in}", [agency_id], hashes)
    found = {}
    for values in rows:
        row = dict(zip(DOSSIER_COLUMNS, values, strict=True))
        for name in ("offered", "opened", "answered"):
            row[name] = bool(row[name])
        for name in ("on_time", "satisfied"):
            row[name] = None if row[name] is None else bool(row[name])
        found[row["dossier_hash"]] = row
    return found


async def _all_events(agency_id: int, hashes: list[str]) -> dict[str, list[dict[str, Any]]]:
    from forms_service.dossiers.tables import DossierEvent

    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for start in range(0, len(hashes), _CHUNK):
        part = hashes[start:start + _CHUNK]
        rows = await DossierEvent.select().where(
            (DossierEvent.agency == agency_id) & DossierEvent.dossier_hash.is_in(part)
        ).order_by(DossierEvent.at).order_by(DossierEvent.id).run()
        for row in rows:
            found[row["dossier_hash"]].append(row)
    return found


async def _survey_flags(db: Database, agency_id: int, hashes: list[str],
                        states: dict[str, dict[str, Any]]) -> None:
    """What touches and answers stored before a new dossier's first event say of it."""
    touches = await select_in(
        db, "SELECT dossier_hash, kind FROM dossier_touch WHERE agency = {} "
        "AND dossier_hash {in}", [agency_id], hashes)
    for digest, kind in touches:
        states[digest][kind] = True
    answers = await select_in(
        db, "SELECT dossier_hash, satisfied FROM response WHERE agency = {} "
        "AND dossier_hash {in} ORDER BY id", [agency_id], hashes)
    for digest, satisfied in answers:
        state = states[digest]
        state["answered"] = True
        if state.get("satisfied") is None and satisfied is not None:
            state["satisfied"] = bool(satisfied)
    if answers and await subscribed(db, "dossier.linked", agency_id):
        # answers that came before their dossier's first event are linked now
        linked = await select_in(
            db, "SELECT r.id, a.code, f.slug, s.code, r.satisfied FROM response r "
            "JOIN agency a ON a.id = r.agency JOIN form f ON f.id = r.form "
            "LEFT JOIN service s ON s.id = r.service WHERE r.agency = {} "
            "AND r.dossier_hash {in} ORDER BY r.id", [agency_id], hashes)
        for response_id, agency, form, service, satisfied in linked:
            await publish(db, "dossier.linked", agency_id, {
                "agency": agency, "form": form, "service": service,
                "satisfied": None if satisfied is None else bool(satisfied)},
                response=response_id)


async def _upsert_dossiers(db: Database, agency_id: int,
                           states: dict[str, dict[str, Any]]) -> None:
    updates = ", ".join(f"{c} = excluded.{c}" for c in DOSSIER_COLUMNS[2:])
    rows = [_DOSSIER_VALUES({**_DOSSIER_DEFAULTS, **state, "agency": agency_id,
                             "dossier_hash": digest})
            for digest, state in sorted(states.items())]
    await insert_rows(db, "dossier", DOSSIER_COLUMNS, DOSSIER_TYPES, rows,
                      f"ON CONFLICT (agency, dossier_hash) DO UPDATE SET {updates}")


async def _give_staff_to_answers(db: Database, agency_id: int,
                                 states: dict[str, dict[str, Any]]) -> None:
    """Answers of these dossiers that were not given a unit, counter or officer take
    the dossier's (just written to ``dossier``): one statement per chunk."""
    hashes = [digest for digest, state in sorted(states.items())
              if state.get("answered") and any(
                  state.get(name) is not None for name in ("unit", "counter", "officer"))]
    mine = "d.agency = response.agency AND d.dossier_hash = response.dossier_hash"
    for start in range(0, len(hashes), _CHUNK):
        part = hashes[start:start + _CHUNK]
        await db.raw(
            f"UPDATE response SET "
            f"unit = COALESCE(unit, (SELECT d.unit FROM dossier d WHERE {mine})), "
            f"counter = COALESCE(counter, (SELECT d.counter FROM dossier d WHERE {mine})), "
            f"officer = COALESCE(officer, (SELECT d.officer FROM dossier d WHERE {mine})) "
            f"WHERE agency = {{}} AND dossier_hash IN ({', '.join('{}' for _ in part)}) "
            "AND (unit IS NULL OR counter IS NULL OR officer IS NULL)",
            agency_id, *part)


