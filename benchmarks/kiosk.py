"""The counter kiosk: its weight, and how fast an answer is acknowledged.

1. Weight: every file of the kiosk (HTML with its texts in both languages,
   CSS, JavaScript, manifest, service worker, icon) as served, gzipped at
   level 9, against the 30 KB budget, beside the citizen form page's own
   files (``embed/static``) gzipped the same way.
2. Acknowledgement: a real ``phieu serve`` process on SQLite (or
   PostgreSQL with ``--database postgresql``); one enrolled device sends its
   answers one at a time over one keep-alive connection on loopback, each
   signed with the device credential, as the kiosk does when its queue
   holds one answer; beside it, in turn on the same connection, ``GET
   /healthz`` (a round trip to the database and back) as the baseline. p50
   and p99 of both, against the 100 ms p99 goal; at the end the database
   must hold exactly one response per answer acknowledged::

    python -m benchmarks.kiosk [--answers 2000] [--database sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import functools
import gzip
import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks.bench_data import admin_key, call_api, reset_postgres
from benchmarks.ingestion import ROOT, phieu_server
from forms_service.kiosk.credentials import request_signature
from forms_service.kiosk.pages import KIOSK_FILES, page_bytes

AGENCY = "000.00.00.H29"
BUDGET = 30 * 1024
PG_URL = "postgresql://postgres@127.0.0.1:5432/phieu_bench_kiosk"
ANSWERS = "/api/v1/kiosk/answers"


def _content(path: Path) -> bytes:
    """A file as served: the page with its texts in every language rendered in."""
    return page_bytes() if path.name == "index.html" else path.read_bytes()


def gzipped(paths: list[Path]) -> int:
    return sum(len(gzip.compress(_content(p), compresslevel=9)) for p in paths)


def weight() -> None:
    static = ROOT / "forms_service" / "kiosk" / "static"
    kiosk = [static / "index.html", *(static / name for name in KIOSK_FILES)]
    embed = [p for p in (ROOT / "embed" / "static").iterdir() if p.is_file()]
    total = gzipped(kiosk)
    print("weight (gzip -9)")
    for path in kiosk:
        print(f"  {path.name:<22} {len(_content(path)):>7} B  {gzipped([path]):>6} B gzipped")
    print(f"  kiosk, all files      {total:>6} B gzipped  (budget {BUDGET} B: "
          f"{'met' if total <= BUDGET else 'NOT met'})")
    print(f"  baseline: form page files (embed/static) {gzipped(embed):>6} B gzipped")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency(database: str, count: int) -> None:
    if database == "postgresql":
        asyncio.run(reset_postgres(PG_URL))
        url = PG_URL
    else:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='phieu-kiosk-bench-')}/bench.db"
    server = phieu_server(url, 1)
    try:
        admin = admin_key(server.env, ROOT)
        call = functools.partial(call_api, server.base)
        call("POST", "/api/v1/agencies", admin,
             {"code": AGENCY, "name": "UBND tỉnh Hải Dương", "kind": "province"})
        designer = call("POST", "/api/v1/api-keys", admin,
                        {"agency": AGENCY, "role": "designer", "name": "bench"})["key"]
        call("POST", "/api/v1/units", designer, {"code": "TTHCC", "name": "Trung tâm"})
        call("POST", "/api/v1/counters", designer,
             {"code": "Q01", "name": "Quầy 1", "unit": "TTHCC"})
        call("POST", "/api/v1/forms", designer, {"slug": "quay", "template": "quick-rating"})
        call("POST", "/api/v1/forms/quay/publish", designer)
        code = call("POST", "/api/v1/devices", designer,
                    {"name": "Máy 1", "form": "quay", "counter": "Q01"})["code"]
        device = httpx.post(server.base + "/api/v1/devices/bind", json={"code": code},
                            timeout=30).json()
        answer_ms: list[float] = []
        health_ms: list[float] = []
        with httpx.Client(base_url=server.base, timeout=30) as client:
            for seq in range(1, count + 21):
                body = json.dumps({"answers": [{
                    "seq": seq, "answered_at": dt.datetime.now(dt.UTC).isoformat(),
                    "form": "quay", "version": 1, "answers": {"overall": 3 - seq % 3}}],
                    "queue": 0}).encode()
                headers = {"Content-Type": "application/json", "X-Phieu-Device": device["id"],
                           "X-Phieu-Signature": request_signature(
                               device["credential"], "POST", ANSWERS, body)}
                started = time.perf_counter()
                r = client.post(ANSWERS, content=body, headers=headers)
                took = (time.perf_counter() - started) * 1000
                if r.status_code != 200 or r.json()["stored"] != 1:
                    raise RuntimeError(f"answer {seq}: {r.status_code} {r.text}")
                started = time.perf_counter()
                h = client.get("/healthz")
                base = (time.perf_counter() - started) * 1000
                if h.status_code != 200:
                    raise RuntimeError(f"healthz: {h.status_code}")
                if seq > 20:  # the first 20 warm caches and pools
                    answer_ms.append(took)
                    health_ms.append(base)
        listed = call("GET", "/api/v1/devices", designer)
        stored = listed[0]["answers_stored"]
        print(f"acknowledgement on {database}, {count} answers, one at a time, loopback")
        for name, values in (("answer (POST /api/v1/kiosk/answers)", answer_ms),
                             ("baseline (GET /healthz)", health_ms)):
            print(f"  {name:<38} p50 {statistics.median(values):6.1f} ms   "
                  f"p99 {percentile(values, 0.99):6.1f} ms")
        p99 = percentile(answer_ms, 0.99)
        print(f"  goal p99 ≤ 100 ms: {'met' if p99 <= 100 else 'NOT met'}; "
              f"stored {stored} of {count + 20} acknowledged"
              f" ({'exact' if stored == count + 20 else 'MISMATCH'})")
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--answers", type=int, default=2000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    weight()
    latency(args.database, args.answers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
