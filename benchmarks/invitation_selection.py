"""Invitations written with returned dossier events, beside the same events without
distribution rules, on PostgreSQL.

On the database of ``--postgres`` (dropped, created and migrated again), the run

1. sets up, through the HTTP API of the application (in process), two
   agencies with a procedure and a published form each; the first has a
   distribution rule that invites every returned dossier by SMS, the second
   none;
2. builds ``--events`` ``returned`` events per agency, each with its own
   dossier and its own mobile number (so the recontact window never stops
   one);
3. stores them in batches of ``--batch`` through the one ingest function
   (``forms_service.dossiers.ingest.ingest_events``: checks, the event, the
   dossier's state and monthly counts, and the listeners of returned
   dossiers), a batch of the first agency then one of the second in turn,
   so that both see the same load on a shared machine; each batch is timed
   on its own;
4. checks that every event of the first agency made exactly one invitation
   and one outbox message, and the second none;

and prints invitations written per second (events with the rule) beside
events per second without a rule, and their ratio: what the selection (the
stop list, the recontact window, the link, sealing the contact, the outbox
message) costs on top of storing the event.

Usage::

    python -m benchmarks.invitation_selection [--events 10000] [--batch 1000]
        [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import time
from typing import Any

import httpx

from benchmarks.bench_data import reset_postgres

SECRET = "bench-secret-0123456789abcdef"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/phieu_invitation_selection"
VIETNAM = dt.timezone(dt.timedelta(hours=7))
AGENCIES = {"with_rule": "000.00.00.H29", "without_rule": "000.00.00.G14"}


def returned_events(prefix: str, count: int, offset: int) -> list[dict[str, Any]]:
    at = (dt.datetime.now(VIETNAM) - dt.timedelta(hours=1)).isoformat()
    return [{"system": "motcua", "event_id": f"{prefix}-{n:07d}", "dossier": f"{prefix}-{n:07d}",
             "service": "1.001193", "status": "returned", "at": at, "channel": "in_person",
             "contact": f"09{offset + n:08d}"} for n in range(count)]


async def _set_up(client: httpx.AsyncClient, admin: str) -> None:
    def headers(key: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}"}

    async def call(method: str, path: str, key: str, body: dict[str, Any]) -> Any:
        r = await client.request(method, path, json=body, headers=headers(key))
        if r.status_code not in (200, 201):
            raise RuntimeError(f"{method} {path}: {r.status_code} {r.text}")
        return r.json()

    for name, code in AGENCIES.items():
        await call("POST", "/api/v1/agencies", admin,
                   {"code": code, "name": f"Cơ quan {name}", "kind": "province"})
        designer = (await call("POST", "/api/v1/api-keys", admin,
                               {"agency": code, "role": "designer", "name": "bench"}))["key"]
        await call("POST", "/api/v1/services", designer, {
            "code": "1.001193", "name": "Cấp bản sao trích lục hộ tịch", "audience": "citizen",
            "delivery": "full_online"})
        slug = f"hai-long-{name.replace('_', '-')}"
        await call("POST", "/api/v1/forms", designer, {"slug": slug, "template": "quick-rating"})
        await call("POST", f"/api/v1/forms/{slug}/publish", designer, {})
        if name == "with_rule":
            await call("PUT", f"/api/v1/forms/{slug}/distribution", designer, {
                "channels": ["sms", "email"], "quiet_hours": None, "delay_minutes": 0})


async def run(url: str, count: int, batch: int) -> None:
    from forms_service.app import create_app
    from forms_service.db import connect, migrate
    from forms_service.dossiers.ingest import ingest_events
    from forms_service.keys.service import create_key
    from forms_service.piccolo_app import TABLES
    from forms_service.settings import Settings

    await reset_postgres(url)
    settings = Settings(database_url=url, secret_key=SECRET, key_cache_seconds=60)
    db = connect(settings, TABLES)
    await db.start()
    try:
        await migrate(db)
    finally:
        await db.stop()
    app = create_app(settings)
    ctx = app.state.ctx
    await ctx.db.start()
    try:
        _, admin = await create_key(ctx, None, role="admin", agency=None, name="bench")
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://bench") as client:
            await _set_up(client, admin)
        ids = {name: int((await ctx.db.raw("SELECT id FROM agency WHERE code = {}", code))[0]
                         ["id"]) for name, code in AGENCIES.items()}
        events = {name: returned_events(name, count, offset)
                  for offset, name in zip((0, 50_000_000), AGENCIES, strict=True)}
        seconds = dict.fromkeys(AGENCIES, 0.0)
        notes: dict[str, dict[str, int]] = {name: {} for name in AGENCIES}
        for start in range(0, count, batch):
            for name in AGENCIES:
                chunk = events[name][start:start + batch]
                began = time.perf_counter()
                results = await ingest_events(ctx, ids[name], chunk)
                seconds[name] += time.perf_counter() - began
                for result in results:
                    if result.result != "stored":
                        raise RuntimeError(f"{name}: {result.as_dict('en')}")
                    for note in result.notes:
                        notes[name][note.code] = notes[name].get(note.code, 0) + 1
        [invited] = await ctx.db.raw("SELECT count(*) AS n FROM invitation")
        [queued] = await ctx.db.raw("SELECT count(*) AS n FROM outbox_message")
        if not (int(invited["n"]) == int(queued["n"]) == count
                and notes["with_rule"] == {"invited": count} and notes["without_rule"] == {}):
            raise RuntimeError(f"unexpected outcome: {invited}, {queued}, {notes}")
    finally:
        await ctx.db.stop()
    with_rule = count / seconds["with_rule"]
    without = count / seconds["without_rule"]
    print(f"PostgreSQL, {count} returned events per agency in batches of {batch}:")
    print(f"  with a rule (one invitation each):   {with_rule:8.0f} invitations/s "
          f"({seconds['with_rule']:.1f} s)")
    print(f"  without a rule (baseline):           {without:8.0f} events/s "
          f"({seconds['without_rule']:.1f} s)")
    print(f"  ratio: {with_rule / without:.2f} of the baseline; target 500 invitations/s: "
          f"{'met' if with_rule >= 500 else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    args = parser.parse_args()
    asyncio.run(run(args.postgres, args.events, args.batch))


if __name__ == "__main__":
    main()
