"""``phieu worker``: deliver the outbox in a process of its own.

Several may run against one PostgreSQL database (claims never overlap);
``phieu serve`` delivers too unless ``PHIEU_OUTBOX_WORKER=false``. SIGTERM or
Ctrl-C stops a worker after the batch in hand.

A worker also runs, every minute, the scheduled sweeps that write messages
(:data:`SWEEPS`, named by import path so that the outbox imports no domain):
the e-mail on each new case and the digests. Each is safe in several
processes at once.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import logging
import signal
import sys
from typing import Any

from forms_service.commands import command_settings
from forms_service.context import Context
from forms_service.db import connect
from forms_service.outbox.transports import unconfigured
from forms_service.outbox.worker import OutboxWorker
from forms_service.piccolo_app import TABLES

__all__ = ["SWEEPS", "register"]

log = logging.getLogger("phieu.outbox")
#: sweeps that write messages on a schedule (``module:attribute``, a tuple of
#: ``async (ctx) -> int``)
SWEEPS = ("forms_service.alerts.schedule:SWEEPS",)
SWEEP_SECONDS = 60.0


def _sweeps() -> list[Any]:
    found: list[Any] = []
    for path in SWEEPS:
        module, _, name = path.partition(":")
        found.extend(getattr(importlib.import_module(module), name))
    return found


async def _sweep_once(ctx: Context, sweeps: list[Any]) -> None:
    for sweep in sweeps:
        try:
            await sweep(ctx)
        except Exception:  # the next round tries again; delivery goes on
            log.exception("the scheduled sweep %s failed", sweep.__name__)


async def _sweep_forever(ctx: Context, sweeps: list[Any], stop: asyncio.Event) -> None:
    while not stop.is_set():
        await _sweep_once(ctx, sweeps)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), SWEEP_SECONDS)


async def _work(once: bool) -> int:
    settings = command_settings()
    db = connect(settings, TABLES)
    await db.start()
    worker = OutboxWorker(db)
    try:
        for spec in unconfigured(settings.delivery):
            print(f"phieu worker: {spec.missing}", file=sys.stderr)
        if not worker.transports:
            print("phieu worker: no channel is configured; nothing to deliver",
                  file=sys.stderr)
            return 1
        ctx = Context(settings=settings, db=db)
        # imported now, not while a claimed batch is in flight (its lease runs)
        sweeps = _sweeps()
        if once:
            await _sweep_once(ctx, sweeps)
            done = await worker.drain()
        else:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for number in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(number, stop.set)
            print(f"phieu worker: delivering {', '.join(sorted(worker.transports))}",
                  file=sys.stderr, flush=True)
            sweeping = asyncio.ensure_future(_sweep_forever(ctx, sweeps, stop))
            try:
                await worker.run_forever(stop)
            finally:
                stop.set()
                await sweeping
            done = worker.totals
        print("phieu worker: " + (", ".join(f"{n} {status}" for status, n in sorted(done.items()))
                                  or "nothing was due"), file=sys.stderr)
        return 0
    finally:
        await worker.stop()
        await db.stop()


def cmd_worker(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per message
    return asyncio.run(_work(args.once))


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    worker = sub.add_parser("worker", help="deliver the outbox (e-mail, SMS, Zalo)")
    worker.add_argument("--once", action="store_true",
                        help="deliver what is due now, then exit")
    worker.set_defaults(func=cmd_worker)
