"""Storing responses: the statements that store a group of responses with their
channels and aggregate counts, handed to the database's group commits
(:mod:`forms_service.db.lanes` on SQLite, :mod:`forms_service.db.groups` on
PostgreSQL).

A response is inserted with its communication channels and added to its two
aggregate rows in one transaction (``INSERT … ON CONFLICT DO NOTHING``: a
second answer for the same form and dossier inserts nothing and is told so).
A *guarded* insert also checks, in the same statement, that the form is
still published at the version the answers were validated against, with
the same agency, access and service (see :class:`Guard`): the submission
path validates against a cached context and lets the database confirm it.

On SQLite a group is one statement, an insert of one row per response into
the writer connection's temporary view ``response_group``, whose triggers
store the responses, their channels and their aggregate counts, and commits
(see :func:`_prepare_writer`); should it fail, the group is stored again in
one transaction, a savepoint per response, so that the failing one fails
alone.

On PostgreSQL the answers that arrive together are stored by one statement
(a data-modifying ``WITH``: the responses, their channels and their
aggregate rows; see :data:`_POSTGRES_GROUP`), sent through asyncpg on a
pooled connection; a single answer outside a group (one-off commands, or
again on its own after its group failed) is that statement with one
response.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import msgspec
from piccolo.engine.sqlite import convert_datetime_in

from forms_service.db import Database
from forms_service.db.connections import numbered, own_connection, postgres_fetch
from forms_service.db.groups import group_commit
from forms_service.db.lanes import lane, one_by_one_on_failure
from forms_service.db.outcomes import MAX_GROUP
from forms_service.reports.aggregates import (
    CONFLICT_TARGET,
    COUNT_COLUMNS,
    COUNTS_SQL,
    KEY_COLUMNS,
)
from forms_service.responses.followups import FollowUp
from forms_service.results.aggregates import ANSWER_COLUMNS, ANSWER_UPSERT

__all__ = ["COLUMNS", "Guard", "write_response"]

COLUMNS = (
    "form", "form_version", "service", "agency", "dossier_hash", "channel", "locale",
    "audience", "submitted_at", "month", "answers", "satisfaction_value", "satisfied",
    "nps_score", "self_submitted", "unit", "counter", "officer",
)
_SUBMITTED_AT = COLUMNS.index("submitted_at")

# A guarded insert stores the response only if what the caller read about its
# form, agency and service (possibly some time ago, from a cache) still holds,
# checked in the same statement (the placeholders take a Guard's fields).
_FORM_GUARD = (
    "EXISTS (SELECT 1 FROM form f JOIN agency a ON a.id = f.agency "
    "WHERE f.id = {} AND f.agency = {} AND a.code = {} AND f.status = 'published' "
    "AND f.latest_version = {} AND f.access = {})"
)
_SERVICE_GUARD = (
    "EXISTS (SELECT 1 FROM service s WHERE s.id = {} AND s.agency = {} AND s.code = {} "
    "AND COALESCE(s.audience, '') = {})"
)


@dataclass(frozen=True, slots=True)
class Guard:
    """What must still be true of the form (and service) for a guarded insert."""

    form: int
    agency: int
    agency_code: str
    version_number: int
    access: str
    service: tuple[int, str, str] | None  # id, code, audience ('' for none)


_AGGREGATE_COLUMNS = KEY_COLUMNS + COUNT_COLUMNS
# an aggregate row that exists already gets the new counts added to its own
_ADD_COUNTS = (
    f"ON CONFLICT {CONFLICT_TARGET} DO UPDATE SET "
    + ", ".join(f"{c} = response_aggregate.{c} + excluded.{c}" for c in COUNT_COLUMNS)
)


@dataclass(slots=True)
class _Write:
    """One response to store: its row, its channels and what must still hold to store it."""

    row: tuple[Any, ...]  # the values of COLUMNS
    channels: Sequence[str]
    guard: Guard | None
    facts: Sequence[tuple[str, str]] = ()  # its answer facts (form_schemas.facts)
    follow_ups: Sequence[FollowUp] = ()  # rows stored with it (submissions.listeners)


async def _store_postgres(db: Database, row: dict[str, Any], write: _Write) -> int | None:
    if getattr(db.engine, "pool", None) is None:  # one-off commands: no grouping
        rows = await _alone(db, write)
    else:
        # one total order for every group: its aggregate rows' key, then the dossier
        order = (row["agency"], row["form_version"], row["service"] or 0, row["audience"] or "",
                 row["month"], row["dossier_hash"] or "")
        rows = await group_commit(db, "responses", _together, _alone).run(write, order)
    return int(rows[0]["id"]) if rows else None


async def _together(connection: Any, group: list[_Write]) -> list[Any]:
    """A group in one statement, so one round trip: for each response, the row of
    its id, or none if it was not stored.  A group with follow-up rows stores
    them after it, in one transaction with it."""
    if not any(write.follow_ups for write in group):
        return await _group_rows(connection, group)
    async with connection.transaction():
        outcomes = await _group_rows(connection, group)
        for write, rows in zip(group, outcomes, strict=True):
            if rows:
                for follow_up in write.follow_ups:
                    sql, values = _follow_up_insert(follow_up, rows[0]["id"])
                    await connection.execute(numbered(sql), *values)
    return outcomes


async def _group_rows(connection: Any, group: list[_Write]) -> list[Any]:
    outcomes: list[Any] = [[] for _ in group]
    for record in await connection.fetch(_POSTGRES_GROUP, *_group_params(group)):
        outcomes[record["item"]] = [{"id": record["id"]}]
    return outcomes


async def _alone(db: Database, write: _Write) -> list[dict[str, Any]]:
    if not write.follow_ups:
        return await postgres_fetch(db, _POSTGRES_GROUP, _group_params([write]))
    async with own_connection(db) as connection:
        outcomes: list[dict[str, Any]] = (await _together(connection, [write]))[0]
        return outcomes


def _follow_up_insert(follow_up: FollowUp, response_id: int) -> tuple[str, list[Any]]:
    """The insert of a follow-up row (``{}`` placeholders) and its values."""
    names = ["response", *follow_up.values]
    columns = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("{}" for _ in names)
    return (f'INSERT INTO "{follow_up.table}" ({columns}) VALUES ({marks})',
            [response_id, *follow_up.values.values()])


_GUARD_COLUMNS = ("g_form", "g_agency", "g_code", "g_version", "g_access", "g_service",
                  "g_service_code", "g_audience")
_TYPES = {"dossier_hash": "text", "channel": "text", "locale": "text", "audience": "text",
          "submitted_at": "timestamptz", "month": "text", "answers": "json",
          "satisfied": "boolean", "self_submitted": "boolean", "g_code": "text",
          "g_access": "text", "g_service_code": "text", "g_audience": "text",
          "guarded": "boolean"}
_INPUTS = (*COLUMNS, "item", "guarded", *_GUARD_COLUMNS)


def _group_statement() -> str:
    """A group of responses, their channels and aggregate counts in one statement.

    Its three parameters are JSON arrays: one array of ``_INPUTS`` values per
    response, one ``[item, channel]`` per channel, then one ``[item,
    question, value]`` per answer fact (one text parameter
    each rather than an array per column, which the driver would inspect
    value by value), read as ``jsonb``: parsed once, where ``json`` would
    parse each response's array again for every field taken from it.  Each
    response takes an id from the sequence first, so that what the insert
    skipped (a dossier that already answered, a guard that no longer holds)
    is told by its id; the insert runs in item order and the aggregate rows
    are updated in key order, so concurrent groups lock in the same order.
    """
    fields = ", ".join(f"(e->>{i})::{_TYPES.get(c, 'int')} AS {c}"
                       for i, c in enumerate(_INPUTS))
    keys = "agency, form, form_version, service, audience, span, period"
    form_guard = _FORM_GUARD.replace("{}", "input.{}").format(
        "g_form", "g_agency", "g_code", "g_version", "g_access")
    service_guard = _SERVICE_GUARD.replace("{}", "input.{}").format(
        "g_service", "g_agency", "g_service_code", "g_audience")
    return numbered(
        "WITH input AS MATERIALIZED (SELECT nextval('response_id_seq') AS id, t.* "
        f"FROM (SELECT {fields} FROM jsonb_array_elements({{}}::jsonb) AS e) AS t), "
        f"ins AS (INSERT INTO response (id, {', '.join(COLUMNS)}) "
        f"SELECT id, {', '.join(COLUMNS)} "
        f"FROM input WHERE NOT guarded OR ({form_guard} "
        f"AND (input.g_service IS NULL OR {service_guard})) "
        "ORDER BY item ON CONFLICT DO NOTHING RETURNING id, form, form_version, service, "
        "agency, audience, month, satisfied, nps_score, self_submitted), "
        "channels AS (INSERT INTO response_channel (response, form, channel) "
        "SELECT ins.id, ins.form, c.value->>1 FROM jsonb_array_elements({}::jsonb) AS c "
        "JOIN input ON input.item = (c.value->>0)::int JOIN ins ON ins.id = input.id), "
        f"counted AS (INSERT INTO response_aggregate ({', '.join(_AGGREGATE_COLUMNS)}) "
        f"SELECT {keys}, {COUNTS_SQL} FROM (SELECT COALESCE(agency, 0) AS agency, "
        "COALESCE(form, 0) AS form, COALESCE(form_version, 0) AS form_version, "
        "COALESCE(service, 0) AS service, COALESCE(audience, '') AS audience, span, "
        "CASE WHEN span = 'month' THEN month ELSE substr(month, 1, 4) END AS period, "
        "satisfied, self_submitted, nps_score FROM ins "
        "CROSS JOIN (VALUES ('month'), ('year')) AS spans(span)) AS counted_rows "
        f"GROUP BY {keys} ORDER BY {keys} {_ADD_COUNTS}), "
        f"answered AS (INSERT INTO answer_aggregate ({', '.join(ANSWER_COLUMNS)}) "
        "SELECT input.agency, input.form, input.form_version, COALESCE(input.service, 0), "
        "COALESCE(input.audience, ''), input.channel, spans.span, CASE WHEN spans.span = "
        "'month' THEN input.month ELSE substr(input.month, 1, 4) END, f.value->>1, "
        "f.value->>2, COUNT(*) FROM jsonb_array_elements({}::jsonb) AS f "
        "JOIN input ON input.item = (f.value->>0)::int JOIN ins ON ins.id = input.id "
        "CROSS JOIN (VALUES ('month'), ('year')) AS spans(span) "
        f"GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 ORDER BY 3, 4, 5, 6, 7, 8, 9, 10 {ANSWER_UPSERT}"
        ") SELECT input.item, ins.id FROM ins JOIN input ON input.id = ins.id"
    )


_POSTGRES_GROUP = _group_statement()
_NO_GUARD = (0, *(None for _ in _GUARD_COLUMNS))


def _guard_values(guard: Guard | None) -> tuple[Any, ...]:
    """The ``guarded`` flag (1 or 0, which both databases read as a boolean) and the
    ``_GUARD_COLUMNS`` values of a response."""
    if guard is None:
        return _NO_GUARD
    return (1, guard.form, guard.agency, guard.agency_code, guard.version_number,
            guard.access, *(guard.service or (None, None, None)))


_encode_json = msgspec.json.Encoder().encode


def _group_params(writes: list[_Write]) -> tuple[str, str, str]:
    """The three JSON parameters of :data:`_POSTGRES_GROUP` for ``writes``."""
    rows: list[tuple[Any, ...]] = []
    channels: list[tuple[int, str]] = []
    facts: list[tuple[int, str, str]] = []
    for index, write in enumerate(writes):
        rows.append((*write.row, index, *_guard_values(write.guard)))
        channels.extend((index, channel) for channel in write.channels)
        facts.extend((index, question, value) for question, value in write.facts)
    return (_encode_json(rows).decode(), _encode_json(channels).decode(),
            _encode_json(facts).decode())


# the columns of the writer connection's view ``response_group``: one row per response
_GROUP_COLUMNS = ("item", "last", *COLUMNS, "guarded", *_GUARD_COLUMNS, "channels", "facts")
_SATISFIED, _SELF_SUBMITTED = COLUMNS.index("satisfied"), COLUMNS.index("self_submitted")


def _sqlite_group_triggers() -> dict[str, str]:
    """The three triggers of ``response_group``, by name, in the order they must fire
    for a row: ``first`` (the group's first row), ``row`` (every row), ``last``."""
    def new(name: str) -> str:
        return f"NEW.{name}"

    form_guard = _FORM_GUARD.format(*map(new, (
        "g_form", "g_agency", "g_code", "g_version", "g_access")))
    service_guard = _SERVICE_GUARD.format(*map(new, (
        "g_service", "g_agency", "g_service_code", "g_audience")))
    keys = "agency, form, form_version, COALESCE(service, 0), COALESCE(audience, ''), span"
    head = "CREATE TEMP TRIGGER response_group_{} INSTEAD OF INSERT ON response_group "
    return {
        "first": head.format("first") + "WHEN NEW.item = 0 BEGIN "
        "DELETE FROM response_group_base; DELETE FROM response_group_stored; "
        "INSERT INTO response_group_base (base) "
        "SELECT COALESCE(MAX(id), 0) FROM main.response; END",
        "row": head.format("row") + "BEGIN "
        f"INSERT INTO response (id, {', '.join(COLUMNS)}) "
        f"SELECT b.base + 1 + NEW.item, {', '.join(map(new, COLUMNS))} "
        "FROM response_group_base AS b WHERE NOT NEW.guarded OR "
        f"({form_guard} AND (NEW.g_service IS NULL OR {service_guard})) "
        "ON CONFLICT DO NOTHING; END",
        "last": head.format("last") + "WHEN NEW.last BEGIN "
        "INSERT INTO response_group_stored (item, id) SELECT r.id - b.base - 1, r.id "
        "FROM main.response AS r, response_group_base AS b WHERE r.id > b.base; "
        "INSERT INTO response_channel (response, form, channel) "
        "SELECT s.id, r.form, c.value ->> 1 FROM json_each(NEW.channels) AS c "
        "JOIN response_group_stored AS s ON s.item = c.value ->> 0 "
        "JOIN main.response AS r ON r.id = s.id; "
        f"INSERT INTO response_aggregate ({', '.join(_AGGREGATE_COLUMNS)}) "
        f"SELECT {keys}, CASE span WHEN 'month' THEN month ELSE substr(month, 1, 4) END, "
        f"{COUNTS_SQL} FROM main.response AS r JOIN response_group_stored AS s ON s.id = r.id "
        "CROSS JOIN (SELECT 'month' AS span UNION ALL SELECT 'year') AS spans "
        f"GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7 {_ADD_COUNTS}; "
        f"INSERT INTO answer_aggregate ({', '.join(ANSWER_COLUMNS)}) "
        "SELECT r.agency, r.form, r.form_version, COALESCE(r.service, 0), "
        "COALESCE(r.audience, ''), r.channel, spans.span, CASE spans.span WHEN 'month' "
        "THEN r.month ELSE substr(r.month, 1, 4) END, f.value ->> 1, f.value ->> 2, COUNT(*) "
        "FROM json_each(NEW.facts) AS f JOIN response_group_stored AS s "
        "ON s.item = f.value ->> 0 JOIN main.response AS r ON r.id = s.id "
        "CROSS JOIN (SELECT 'month' AS span UNION ALL SELECT 'year') AS spans "
        f"GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 ORDER BY 3, 4, 5, 6, 7, 8, 9, 10 "
        f"{ANSWER_UPSERT}; END",
    }


_SQLITE_GROUP_TABLES = (
    "PRAGMA temp_store = MEMORY",
    "CREATE TEMP TABLE response_group_base (base INTEGER NOT NULL)",
    "CREATE TEMP TABLE response_group_stored (item INTEGER PRIMARY KEY, id INTEGER NOT NULL)",
    f"CREATE TEMP VIEW response_group ({', '.join(_GROUP_COLUMNS)}) AS "
    f"SELECT {', '.join(['NULL'] * len(_GROUP_COLUMNS))} WHERE 0",
)
_SQLITE_GROUP_TRIGGERS = _sqlite_group_triggers()
_SQLITE_STORED = "SELECT json_group_array(json_array(item, id)) FROM response_group_stored"
_decode_json = msgspec.json.Decoder(list[tuple[int, int]]).decode
_ROW_MARKS = f"({', '.join('?' * len(_GROUP_COLUMNS))})"


@functools.lru_cache(maxsize=MAX_GROUP)
def _sqlite_group(count: int) -> str:
    """The insert of a group of ``count`` responses into ``response_group``."""
    return f"INSERT INTO response_group VALUES {', '.join([_ROW_MARKS] * count)}"


def _reverse_firing(connection: sqlite3.Connection) -> bool:
    """Whether this SQLite fires a table's triggers in the reverse of their creation
    order (as it always has, though it does not promise it): probed on a scratch view."""
    connection.execute("CREATE TEMP TABLE response_group_probe (name TEXT)")
    connection.execute("CREATE TEMP VIEW response_group_probed (x) AS SELECT NULL WHERE 0")
    for name in ("older", "newer"):
        connection.execute(
            f"CREATE TEMP TRIGGER response_group_{name} INSTEAD OF INSERT ON "
            f"response_group_probed BEGIN INSERT INTO response_group_probe VALUES ('{name}'); END")
    connection.execute("INSERT INTO response_group_probed VALUES (1)")
    fired = connection.execute("SELECT name FROM response_group_probe ORDER BY rowid").fetchone()
    connection.execute("DROP VIEW response_group_probed")  # and its triggers
    connection.execute("DROP TABLE response_group_probe")
    return bool(fired[0] == "newer")


def _prepare_writer(connection: sqlite3.Connection) -> None:
    """The writer connection's own (temporary) objects: a group is one insert into
    the view ``response_group``, one row per response, whose triggers store it.

    Holding SQLite's write lock, the first row's trigger notes the largest id
    stored; each row's trigger inserts its response with the next ids in
    row order (skipped if its guard no longer holds or its dossier has
    answered already: ``ON CONFLICT DO NOTHING``); the last row's trigger
    notes which were stored, with their ids, in ``response_group_stored``,
    inserts their channels (the last row carries the whole group's) and adds
    their counts to their aggregate rows, one upsert per row.  In autocommit
    mode the statement commits when it ends.  The values are bound as they
    are: SQLite parses no JSON but the channels.
    """
    for statement in _SQLITE_GROUP_TABLES:
        connection.execute(statement)
    order = list(_SQLITE_GROUP_TRIGGERS)
    for name in reversed(order) if _reverse_firing(connection) else order:
        connection.execute(_SQLITE_GROUP_TRIGGERS[name])


def _sqlite_values(group: list[_Write]) -> list[Any]:
    """The values of ``_sqlite_group(len(group))`` (booleans as the integers SQLite keeps)."""
    values: list[Any] = []
    channels: list[tuple[int, str]] = []
    facts: list[tuple[int, str, str]] = []
    last = len(group) - 1
    for item, write in enumerate(group):
        row = list(write.row)
        row[_SUBMITTED_AT] = convert_datetime_in(row[_SUBMITTED_AT])
        for at in (_SATISFIED, _SELF_SUBMITTED):
            if row[at] is not None:
                row[at] = int(row[at])
        values += (item, int(item == last), *row, *_guard_values(write.guard), None, None)
        channels.extend((item, channel) for channel in write.channels)
        facts.extend((item, question, value) for question, value in write.facts)
    if channels:
        values[-2] = _encode_json(channels).decode()
    if facts:
        values[-1] = _encode_json(facts).decode()
    return values


def _store_group(connection: sqlite3.Connection, group: list[_Write]) -> list[int | None]:
    """The group through ``response_group``: each response's id, or None if not stored.

    A build of SQLite that takes fewer bound values in a statement than a
    whole group has gets the group in as many statements as it needs.
    """
    most = connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(_GROUP_COLUMNS)
    outcomes: list[int | None] = []
    for start in range(0, len(group), most):
        part = group[start:start + most]
        connection.execute(_sqlite_group(len(part)), _sqlite_values(part))
        stored: list[int | None] = [None] * len(part)
        for item, response_id in _decode_json(
                connection.execute(_SQLITE_STORED).fetchone()[0]):
            stored[item] = response_id
        outcomes += stored
    return outcomes


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return convert_datetime_in(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _store_group_and_follow_ups(connection: sqlite3.Connection,
                                group: list[_Write]) -> list[int | None]:
    """:func:`_store_group`, and the follow-up rows of the responses stored, in one
    transaction (the group's own, or the one the caller holds)."""
    if not any(write.follow_ups for write in group):
        return _store_group(connection, group)
    own = not connection.in_transaction
    if own:
        connection.execute("BEGIN IMMEDIATE")
    try:
        outcomes = _store_group(connection, group)
        for write, response_id in zip(group, outcomes, strict=True):
            if response_id is not None:
                for follow_up in write.follow_ups:
                    sql, values = _follow_up_insert(follow_up, response_id)
                    connection.execute(sql.replace("{}", "?"), [*map(_sqlite_value, values)])
        if own:
            connection.execute("COMMIT")
    except BaseException:
        if own and connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return outcomes


async def write_response(db: Database, row: dict[str, Any], channels: Sequence[str],
                         guard: Guard | None = None,
                         facts: Sequence[tuple[str, str]] = (),
                         follow_ups: Sequence[FollowUp] = ()) -> int | None:
    """Store one response (columns of ``response`` in ``row``) with its channels,
    aggregate counts and answer counts (``facts``), and the ``follow_ups`` of its
    listeners in the same transaction; return its id, or None when its form and
    dossier already answered or ``guard`` no longer holds."""
    write = _Write(tuple(map(row.__getitem__, COLUMNS)), channels, guard, facts, follow_ups)
    if not db.is_sqlite:
        return await _store_postgres(db, row, write)
    response_id: int | None = await lane(
        db, "response-writer", _write_group, _prepare_writer).run(write)
    return response_id


# a group in one statement and one commit; should one response fail, the group
# again with a savepoint per response, so that it fails alone
_write_group = one_by_one_on_failure(_store_group_and_follow_ups, savepoint="response")
