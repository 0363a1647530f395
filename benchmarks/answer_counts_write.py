"""What the per-question answer counts cost the response writer, measured beside it.

Stores SIPAS responses (seven questions, the element scores) through the
SQLite response writer (``forms_service.responses.storage.write_response``,
the grouped writer lane every submission goes through), 32 at a time as
concurrent submissions arrive, in three variants timed in turn: without
answer facts (the writer as it was), with only the ``@responses`` fact,
and with every fact of :func:`form_schemas.facts.answer_facts`. Prints the
median time per stored response of each over ``--repeat`` rounds. Run::

    python -m benchmarks.answer_counts_write [--responses 3000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sqlite3
import statistics
import tempfile
import time
from itertools import count
from pathlib import Path

from benchmarks.bench_data import COLUMNS, catalogue_rows, generate
from form_schemas import compile_form, load_template
from form_schemas.facts import answer_facts
from forms_service.db import Database, connect, migrate
from forms_service.i18n import local_month
from forms_service.piccolo_app import TABLES
from forms_service.responses.storage import write_response
from forms_service.settings import Settings

ANSWERS = {"access": 5, "procedure": 4, "civil_servant": 2, "result": 5, "feedback": 4,
           "overall": 4, "comment": "Cán bộ nhiệt tình"}
_dossiers = count()


def _catalogue(path: str) -> None:
    """An agency, a service and a form version for the rows to reference."""
    with sqlite3.connect(path) as connection:
        for table, rows in catalogue_rows(generate(10, services=1, agencies=1)).items():
            columns = COLUMNS[table]
            connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)})",
                [tuple(str(v) if isinstance(v, dt.datetime) else v for v in row)
                 for row in rows])


async def _store(db: Database, responses: int, facts: list[tuple[str, str]]) -> float:
    """Microseconds per response, ``responses`` stored 32 at a time."""
    started = time.perf_counter()
    pending = []
    for _ in range(responses):
        now = dt.datetime.now(dt.UTC)
        row = {"form": 1, "form_version": 1, "service": None, "agency": 1,
               "dossier_hash": f"bench-{next(_dossiers)}", "channel": "web", "locale": "vi",
               "audience": None, "submitted_at": now, "month": local_month(now),
               "answers": json.dumps(ANSWERS), "satisfaction_value": 4, "satisfied": True,
               "nps_score": None, "self_submitted": None}
        pending.append(write_response(db, row, [], None, facts))
        if len(pending) == 32:
            await asyncio.gather(*pending)
            pending = []
    await asyncio.gather(*pending)
    return (time.perf_counter() - started) / responses * 1e6


async def run(responses: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "write.db"
        settings = Settings(database_url=f"sqlite:///{path}",
                            secret_key="bench-secret-0123456789abcdef")
        db = connect(settings, TABLES)
        await db.start()
        try:
            await migrate(db)
            _catalogue(str(path))
            facts = answer_facts(compile_form(load_template("sipas")), ANSWERS)
            variants = {"no answer facts": [], "@responses only": facts[:1],
                        f"all {len(facts)} facts": facts}
            samples: dict[str, list[float]] = {name: [] for name in variants}
            await _store(db, 200, facts)  # warm-up
            for _ in range(repeat):
                for name, chosen in variants.items():
                    samples[name].append(await _store(db, responses, chosen))
        finally:
            await db.stop()
    base = statistics.median(samples["no answer facts"])
    print(f"SQLite response writer, SIPAS responses, 32 concurrent; median of {repeat} rounds "
          f"of {responses:,}")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"  {name:<18} {median:7.0f} µs/response  {median / base:5.2f}×")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    asyncio.run(run(args.responses, args.repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
