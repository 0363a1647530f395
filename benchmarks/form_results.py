"""A form's results over 1,000,000 responses: the API beside DuckDB.

One form of ten questions (five satisfaction scales, yes/no, a number, the
NPS, a choice shown only to the dissatisfied, a comment), 1,000,000
deterministic responses over 24 months, 20 services and 3 channels. For
each engine (SQLite file, PostgreSQL database) the rows are bulk-loaded, the
per-question answer counts rebuilt from them (``rebuild_answer_aggregates``:
the same facts the writers add one response at a time) and then, in the
same run, timed:

* the API answer: ``GET /api/v1/forms/bench-results/results`` with a
  national analyst key, through HTTP into the Litestar app in this process
  (httpx ``ASGITransport``: parsing, authentication, the ``GROUP BY`` over
  the form's answer counts, the statistics of every question and the JSON
  body), from the request to the last byte;
* the same with ``period=2025-Q2&channel=web`` (a filtered read);
* DuckDB's ``GROUP BY`` of each question's answers over the same rows held
  in memory (one column per question, ``UNION ALL`` of ten ``GROUP BY``\\s),
  fetched as Python tuples.

DuckDB and the API calls are timed in turn (one of each per round) so that
other work on a shared machine slows both alike; each figure is the median
of ``--repeat`` rounds after a warm-up. The API's counts are checked against
DuckDB's. Run::

    pip install -e '.[test,bench]'
    python -m benchmarks.form_results [--skip-postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb
import httpx
import numpy as np

from benchmarks import bench_data
from benchmarks.analytics_satisfaction import median_ms, prepare_postgres
from benchmarks.bench_data import Dataset, generate
from forms_service.app import create_app
from forms_service.context import Context
from forms_service.db import Database, connect, migrate
from forms_service.keys.service import create_key
from forms_service.piccolo_app import TABLES
from forms_service.results.aggregates import rebuild_answer_aggregates
from forms_service.settings import Settings

SLUG = "bench-results"
PATH = f"/api/v1/forms/{SLUG}/results"
FILTERED = f"{PATH}?period=2025-Q2&channel=web"
CHANNELS = ("web", "mobile", "one_stop")
_SCALE = [{"const": v, "title": t} for v, t in (
    (5, "Rất hài lòng"), (4, "Hài lòng"), (3, "Bình thường"), (2, "Không hài lòng"),
    (1, "Rất không hài lòng"))]
SCALES = ("overall", "access", "procedure", "civil_servant", "result")
DEFINITION: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Khảo sát mười câu", "type": "object", "additionalProperties": False,
    "required": ["overall"],
    "properties": {
        **{name: {"title": f"Hài lòng về {name}?", "type": "integer", "x-widget": "likert",
                  "oneOf": _SCALE} for name in SCALES},
        "again": {"title": "Sẽ dùng lại?", "type": "boolean", "x-widget": "yes_no"},
        "days": {"title": "Mấy ngày?", "type": "integer", "minimum": 0, "maximum": 60,
                 "x-widget": "number"},
        "recommend": {"title": "Giới thiệu?", "type": "integer", "minimum": 0, "maximum": 10,
                      "x-widget": "nps"},
        "fix": {"title": "Cần sửa gì?", "type": "string", "x-widget": "radio",
                "oneOf": [{"const": c, "title": c} for c in ("speed", "staff", "docs")],
                "x-show-if": {"properties": {"overall": {"maximum": 2}},
                              "required": ["overall"]}},
        "comment": {"title": "Góp ý?", "type": "string", "maxLength": 500,
                    "x-widget": "textarea"},
    },
    "x-survey": {"satisfaction": {"question": "overall", "satisfied": [4, 5]}},
}
QUESTIONS = tuple(DEFINITION["properties"])


def answers(data: Dataset) -> dict[str, np.ndarray]:
    """One column per question (None: not answered, or not shown)."""
    rng = np.random.default_rng(7)
    size = data.size
    out: dict[str, np.ndarray] = {}
    p = [0.03, 0.05, 0.12, 0.40, 0.40]
    for name in SCALES:
        out[name] = rng.choice(np.arange(1, 6), size=size, p=p).astype(object)
    again = (rng.random(size) < 0.8).astype(object)
    again[rng.random(size) < 0.1] = None
    out["again"] = again
    days = rng.poisson(7, size).clip(0, 60).astype(object)
    days[rng.random(size) < 0.05] = None
    out["days"] = days
    out["recommend"] = rng.integers(0, 11, size).astype(object)
    fix = np.array(["speed", "staff", "docs"], dtype=object)[rng.integers(0, 3, size)]
    fix[(out["overall"] > 2) | (rng.random(size) < 0.2)] = None
    out["fix"] = fix
    comment = np.full(size, None, dtype=object)
    comment[rng.random(size) < 0.1] = "Góp ý"
    out["comment"] = comment
    return out


def answer_texts(columns: dict[str, np.ndarray]) -> list[str]:
    names = list(columns)
    rows = zip(*(columns[name].tolist() for name in names), strict=True)
    return [json.dumps({k: v for k, v in zip(names, row, strict=True) if v is not None},
                       ensure_ascii=False) for row in rows]


class Catalogue:
    """bench_data's rows with the ten-question form, channels and answers."""

    def __init__(self, data: Dataset, texts: list[str], channel: list[str]) -> None:
        self.data, self.texts, self.channel = data, texts, channel

    def patch(self) -> Any:
        now = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        original_catalogue, original_rows = bench_data.catalogue_rows, bench_data.response_rows

        def catalogue_rows(data: Dataset) -> dict[str, list[tuple[Any, ...]]]:
            rows = original_catalogue(data)
            rows["form"] = [(1, SLUG, 1, "published", "open", None, 1, now, now)]
            rows["form_version"] = [(1, 1, 1, json.dumps(DEFINITION, ensure_ascii=False), now)]
            return rows

        def response_rows(data: Dataset, *, text_times: bool) -> Any:
            for row, answer, channel in zip(original_rows(data, text_times=text_times),
                                            self.texts, self.channel, strict=True):
                values = list(row)
                values[1] = values[2] = values[4] = 1  # form, version, agency
                values[6] = channel
                values[11] = answer
                yield tuple(values)

        bench_data.catalogue_rows = catalogue_rows  # type: ignore[assignment]
        bench_data.response_rows = response_rows  # type: ignore[assignment]


class DuckDB:
    """The same answers in DuckDB's memory, one column per question."""

    def __init__(self, columns: dict[str, np.ndarray], data: Dataset, channel: list[str]) -> None:
        self.connection = duckdb.connect()
        frame = {name: _typed(name, values) for name, values in columns.items()}
        frame["month"] = data.month_text().astype(str)
        frame["channel"] = np.asarray(channel)
        self.connection.register("source", frame)
        self.connection.execute("CREATE TABLE response AS SELECT * FROM source")
        self.sql = " UNION ALL ".join(
            f"SELECT '{q}' AS question, CAST({q} AS VARCHAR) AS value, COUNT(*) AS n "
            f"FROM response WHERE {q} IS NOT NULL GROUP BY {q}" for q in QUESTIONS)
        self.group_by()

    def group_by(self) -> list[Any]:
        return self.connection.execute(self.sql).fetchall()

    def seconds(self) -> float:
        start = time.perf_counter()
        self.group_by()
        return time.perf_counter() - start


def _typed(name: str, values: np.ndarray) -> np.ndarray:
    missing = np.array([v is None for v in values.tolist()])
    if name in ("fix", "comment"):
        return np.ma.masked_array(np.where(missing, "", values).astype(str), mask=missing)
    if name == "again":
        return np.ma.masked_array(np.where(missing, False, values).astype(bool), mask=missing)
    return np.ma.masked_array(np.where(missing, 0, values).astype(np.int64), mask=missing)


async def run_engine(label: str, url: str, data: Dataset, duck: DuckDB,
                     repeat: int) -> dict[str, Any]:
    settings = Settings(database_url=url, secret_key="bench-secret-0123456789abcdef",
                        key_cache_seconds=30)
    db: Database = connect(settings, TABLES)
    await db.start()
    try:
        await migrate(db)
        started = time.perf_counter()
        if db.is_sqlite:
            await asyncio.to_thread(bench_data.load_sqlite, urlsplit(url).path[1:], data)
        else:
            await bench_data.load_postgres(url, data)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        rows = await rebuild_answer_aggregates(db)
        rebuilt = time.perf_counter() - started
        if db.is_sqlite:
            await db.engine.run_ddl("PRAGMA wal_checkpoint(TRUNCATE)")
            await db.engine.run_ddl("ANALYZE")
        else:
            await db.engine.run_ddl("VACUUM ANALYZE answer_aggregate")
        ctx = Context(settings=settings, db=db)
        _, key = await create_key(ctx, None, role="analyst", agency=None, name="bench")
        app = create_app(settings, database=db, run_migrations=False)
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {key}", "Accept-Encoding": "identity"}
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

            def api(path: str) -> Callable[[], Awaitable[httpx.Response]]:
                async def call() -> httpx.Response:
                    response = await client.get(path, headers=headers)
                    response.raise_for_status()
                    return response
                return call

            whole, filtered = api(PATH), api(FILTERED)
            await whole()
            await filtered()
            samples: dict[str, list[float]] = {"duckdb": [], "api": [], "filtered": []}
            for _ in range(repeat):
                samples["duckdb"].append(duck.seconds())
                for name, call in (("api", whole), ("filtered", filtered)):
                    start = time.perf_counter()
                    await call()
                    samples[name].append(time.perf_counter() - start)
            body = (await whole()).json()
        check(body, duck.group_by(), data.size)
        return {"engine": label, "load_s": loaded, "rebuild_s": rebuilt, "rows": rows,
                **{f"{k}_ms": median_ms(v) for k, v in samples.items()}}
    finally:
        await db.stop()


def check(body: dict[str, Any], duck_rows: list[Any], size: int) -> None:
    """The API's counts equal DuckDB's, question by question."""
    assert body["responses"] == size, body["responses"]
    expected: dict[str, dict[str, int]] = {}
    for question, value, n in duck_rows:
        expected.setdefault(question, {})[value] = n
    for block in body["questions"]:
        want = expected.get(block["key"], {})
        assert block["answered"] == sum(want.values()), block["key"]
        for choice in block.get("choices", []):
            value = choice["value"]
            text = str(value).lower() if isinstance(value, bool) else str(value)
            assert choice["count"] == want.get(text, 0), (block["key"], value)
    fix = next(b for b in body["questions"] if b["key"] == "fix")
    overall = next(b for b in body["questions"] if b["key"] == "overall")
    shown = sum(c["count"] for c in overall["choices"] if c["value"] <= 2)
    assert fix["shown"] == shown, (fix["shown"], shown)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15, help="timed rounds per figure")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/phieu_bench")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args(argv)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    started = time.perf_counter()
    data = generate(args.responses, services=20, agencies=1)
    columns = answers(data)
    channel = np.array(CHANNELS, dtype=object)[
        np.random.default_rng(11).integers(0, 3, data.size)].tolist()
    Catalogue(data, answer_texts(columns), channel).patch()
    duck = DuckDB(columns, data, channel)
    print(f"generated {data.size:,} responses to {len(QUESTIONS)} questions in "
          f"{time.perf_counter() - started:.1f} s")
    results = []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        results.append(asyncio.run(run_engine("SQLite", url, data, duck, args.repeat)))
    if not args.skip_postgres:
        asyncio.run(prepare_postgres(args.postgres))
        results.append(asyncio.run(run_engine("PostgreSQL", args.postgres, data, duck,
                                              args.repeat)))
    print(f"\nresults of a {len(QUESTIONS)}-question form over {data.size:,} responses; "
          f"median of {args.repeat} rounds, DuckDB timed in turn with the API")
    print(f"{'engine':<11} {'load':>7} {'rebuild':>8} {'count rows':>11} {'API':>9} "
          f"{'filtered':>9} {'DuckDB':>9} {'API/DuckDB':>11}")
    for r in results:
        print(f"{r['engine']:<11} {r['load_s']:>6.1f}s {r['rebuild_s']:>7.1f}s "
              f"{r['rows']:>11,} {r['api_ms']:>7.1f}ms {r['filtered_ms']:>7.1f}ms "
              f"{r['duckdb_ms']:>7.1f}ms {r['api_ms'] / r['duckdb_ms']:>10.2f}×")
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
