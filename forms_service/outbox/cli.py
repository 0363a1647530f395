"""``phieu worker``: deliver the outbox in a process of its own.

Several may run against one PostgreSQL database (claims never overlap);
``phieu serve`` delivers too unless ``PHIEU_OUTBOX_WORKER=false``. SIGTERM or
Ctrl-C stops a worker after the batch in hand.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

from forms_service.commands import command_settings
from forms_service.db import connect
from forms_service.outbox.transports import unconfigured
from forms_service.outbox.worker import OutboxWorker
from forms_service.piccolo_app import TABLES

__all__ = ["register"]


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
        if once:
            done = await worker.drain()
        else:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for number in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(number, stop.set)
            print(f"phieu worker: delivering {', '.join(sorted(worker.transports))}",
                  file=sys.stderr, flush=True)
            await worker.run_forever(stop)
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
