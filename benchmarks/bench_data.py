"""Synthetic responses for the analytics benchmark, and fast loaders for them.

The rows are generated with numpy from a fixed seed, so every run (and
every engine) gets the same rows. They are loaded in bulk — ``executemany``
on SQLite, ``COPY`` on PostgreSQL — not through the API, and the response
aggregates are then rebuilt with one ``GROUP BY``.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from form_schemas import load_template

__all__ = ["Dataset", "generate", "load_postgres", "load_sqlite"]

SEED = 2023
FIRST_MONTH = (2024, 1)  # eight quarters: 2024-Q1 … 2025-Q4
MONTHS = 24
VIETNAM = dt.timezone(dt.timedelta(hours=7))


@dataclass
class Dataset:
    """Columns of the ``response`` rows (numpy arrays) and the catalogue around them."""

    agencies: int
    services: int
    service: np.ndarray  # service id of each response (1-based)
    agency: np.ndarray
    month_index: np.ndarray  # 0 … MONTHS - 1
    satisfied: np.ndarray  # bool
    value: np.ndarray  # 3, 2 (satisfied) or 1
    seconds: np.ndarray  # offset within the month
    audience: list[str]  # per service, index 0 unused

    @property
    def size(self) -> int:
        return int(self.service.size)

    def months(self) -> list[str]:
        year, month = FIRST_MONTH
        out = []
        for i in range(MONTHS):
            y, m = divmod(month - 1 + i, 12)
            out.append(f"{year + y}-{m + 1:02d}")
        return out

    def month_text(self) -> np.ndarray:
        return np.array(self.months(), dtype=object)[self.month_index]

    def submitted_at(self) -> np.ndarray:
        """Submission moments (UTC, ``datetime64[s]``) inside their month in Vietnam time."""
        starts = np.array(
            [dt.datetime(int(m[:4]), int(m[5:]), 1, tzinfo=VIETNAM).astimezone(dt.UTC)
             .replace(tzinfo=None) for m in self.months()], dtype="datetime64[s]")
        return starts[self.month_index] + self.seconds.astype("timedelta64[s]")


def generate(responses: int = 1_000_000, services: int = 1000, agencies: int = 20) -> Dataset:
    """Responses spread unevenly over services (a few popular, many small)."""
    rng = np.random.default_rng(SEED)
    weights = rng.lognormal(0.0, 1.0, services)
    service = rng.choice(services, size=responses, p=weights / weights.sum()).astype(np.int32) + 1
    per_agency = services // agencies
    agency = ((service - 1) // per_agency + 1).astype(np.int32)
    rate = rng.beta(18.0, 2.0, services + 1)  # true satisfaction per service, mean 0.9
    satisfied = rng.random(responses) < rate[service]
    value = np.where(satisfied, rng.integers(2, 4, responses), 1).astype(np.int32)
    month_index = rng.integers(0, MONTHS, responses).astype(np.int32)
    seconds = rng.integers(0, 28 * 86400, responses).astype(np.int32)
    audience = ["", *("citizen" if s % 3 else "business" for s in range(1, services + 1))]
    return Dataset(agencies, services, service, agency, month_index, satisfied, value,
                   seconds, audience)


def catalogue_rows(data: Dataset) -> dict[str, list[tuple[Any, ...]]]:
    """Agencies, services, forms and versions (one quick-rating form per agency)."""
    now = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    definition = json.dumps(load_template("quick-rating"), ensure_ascii=False)
    per_agency = data.services // data.agencies
    return {
        "agency": [(a, f"000.00.00.B{a:02d}", f"Cơ quan {a}", "province", now)
                   for a in range(1, data.agencies + 1)],
        "service": [(s, f"1.{s:06d}", f"Thủ tục {s}", (s - 1) // per_agency + 1,
                     data.audience[s], "full_online", now)
                    for s in range(1, data.services + 1)],
        "form": [(a, f"bench-{a}", a, "published", "open", None, 1, now, now)
                 for a in range(1, data.agencies + 1)],
        "form_version": [(a, a, 1, definition, now) for a in range(1, data.agencies + 1)],
    }


COLUMNS = {
    "agency": ("id", "code", "name", "kind", "created_at"),
    "service": ("id", "code", "name", "agency", "audience", "delivery", "created_at"),
    "form": ("id", "slug", "agency", "status", "access", "draft", "latest_version",
             "created_at", "updated_at"),
    "form_version": ("id", "form", "number", "definition", "published_at"),
    "response": ("id", "form", "form_version", "service", "agency", "dossier_hash", "channel",
                 "locale", "audience", "submitted_at", "month", "answers",
                 "satisfaction_value", "satisfied", "nps_score", "self_submitted"),
}


def response_rows(data: Dataset, *, text_times: bool) -> Any:
    """One tuple per response, in the column order of ``COLUMNS['response']``.

    Times are text as Piccolo stores them on SQLite (``2024-01-05
    03:00:00+00:00``), or naive UTC datetimes for ``COPY`` on PostgreSQL.
    """
    moments = data.submitted_at()
    if text_times:
        times = [f"{t.replace('T', ' ')}+00:00"
                 for t in np.datetime_as_string(moments, unit="s").tolist()]
    else:
        times = moments.astype(object).tolist()
    agency = data.agency.tolist()
    answers = np.array([None, *(json.dumps({"overall": v}) for v in (1, 2, 3))], dtype=object)
    audience = np.array(data.audience, dtype=object)[data.service].tolist()
    return zip(
        range(1, data.size + 1), agency, agency, data.service.tolist(), agency,
        repeat(None), repeat("web"), repeat("vi"), audience, times,
        data.month_text().tolist(), answers[data.value].tolist(), data.value.tolist(),
        data.satisfied.tolist(), repeat(None), repeat(None),
    )


def load_sqlite(path: str, data: Dataset) -> None:
    """Insert the rows into a migrated SQLite file with ``executemany``.

    The response indexes are dropped for the load and created again after
    it (the usual way to bulk-load), so the schema ends as migrated.
    """
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA synchronous = OFF")
        for table, rows in catalogue_rows(data).items():
            columns = COLUMNS[table]
            connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)})",
                [tuple(str(v) if isinstance(v, dt.datetime) else v for v in row)
                 for row in rows])
        indexes = [sql for (sql,) in connection.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'response' "
            "AND sql IS NOT NULL")]
        for sql in indexes:
            connection.execute(f"DROP INDEX {sql.split(' ON ')[0].split()[-1]}")
        columns = COLUMNS["response"]
        connection.executemany(
            f"INSERT INTO response ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            response_rows(data, text_times=True))
        for sql in indexes:
            connection.execute(sql)
        connection.commit()
        connection.execute("ANALYZE")


async def load_postgres(url: str, data: Dataset) -> None:
    """Copy the rows into a migrated PostgreSQL database with ``COPY``.

    As on SQLite, the response indexes are dropped for the load and created
    again after it; foreign-key triggers are skipped for this session
    (``session_replication_role = replica``): the rows reference the
    catalogue rows loaded just before.
    """
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        await connection.execute("SET session_replication_role = replica")
        for table, rows in catalogue_rows(data).items():
            await connection.copy_records_to_table(table, records=rows, columns=COLUMNS[table])
        indexes = await connection.fetch(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = 'response' "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)")
        for index in indexes:
            await connection.execute(f'DROP INDEX "{index["indexname"]}"')
        await connection.copy_records_to_table(
            "response", records=response_rows(data, text_times=False),
            columns=COLUMNS["response"])
        for index in indexes:
            await connection.execute(index["indexdef"])
        for table in ("agency", "service", "form", "form_version", "response"):
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))")
        await connection.execute("SET session_replication_role = DEFAULT")
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()


def free_port() -> int:
    """A TCP port free on the loopback interface now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def admin_key(env: dict[str, str], cwd: Path) -> str:
    """A new admin API key, made by ``phieu keys create`` on the database of ``env``."""
    done = subprocess.run(
        [sys.executable, "-m", "forms_service.cli", "keys", "create", "--role", "admin"],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def call_api(base: str, method: str, path: str, key: str,
             body: dict[str, Any] | None = None) -> Any:
    """One JSON call to a running server with ``key``; its JSON answer (any other than
    200 or 201 stops the benchmark)."""
    import httpx

    r = httpx.request(method, base + path, json=body, timeout=30,
                      headers={"Authorization": f"Bearer {key}"})
    if r.status_code not in (200, 201):
        raise RuntimeError(f"{method} {path}: {r.status_code} {r.text}")
    return r.json()


async def reset_postgres(url: str) -> None:
    """Drop and create again the database of ``url``."""
    import asyncpg

    base, name = url.rsplit("/", 1)
    admin = await asyncpg.connect(f"{base}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
