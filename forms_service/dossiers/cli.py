"""``phieu events import FILE``: back-fill dossier events from a file.

JSON Lines or CSV, with the API's English field names or the national
portal's (:mod:`forms_service.dossiers.national`), sent through the same
ingest as the API in batches of up to 1,000. A progress bar is drawn on a
terminal; a summary is printed at the end. Running it again on the same
file stores nothing twice (events are unique per system and event id), so
an import that stopped half-way is resumed by running it again.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from forms_service.agencies.service import agency_by_code
from forms_service.commands import run_with_database
from forms_service.context import Context
from forms_service.dossiers.events import MAX_BATCH, EventRejected
from forms_service.dossiers.files import count_records, read_records
from forms_service.dossiers.ingest import ingest_events
from forms_service.dossiers.national import to_event
from forms_service.dossiers.results import EventResult
from forms_service.i18n import LOCALES, translate

__all__ = ["import_file", "register"]

#: Batches stored at once by an import.
IN_FLIGHT = 2


class Progress:
    """A progress bar on a terminal (nothing otherwise)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream = total, stream
        self.shown = stream.isatty()
        self.started = time.monotonic()

    def update(self, done: int) -> None:
        if not self.shown:
            return
        share = done / self.total if self.total else 1.0
        rate = done / max(time.monotonic() - self.started, 1e-6)
        bar = "#" * int(share * 30)
        self.stream.write(f"\r[{bar:<30}] {done:,}/{self.total:,} events, {rate:,.0f}/s")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")


async def import_file(ctx: Context, path: Path, *, agency: str, system: str,
                      batch_size: int = MAX_BATCH, locale: str = "vi",
                      errors: TextIO | None = None, progress: Progress | None = None
                      ) -> dict[str, int]:
    """Import the events of ``path`` for ``agency``; the counts of each result."""
    agency_id = int((await agency_by_code(agency))["id"])
    counts = {"stored": 0, "duplicate": 0, "error": 0}
    batch: list[tuple[int, Any]] = []

    def report(line: int, result: EventResult) -> None:
        counts[result.result] += 1
        if result.result == "error" and errors is not None:
            item = result.as_dict(locale) | {"line": line}
            errors.write(json.dumps(item, ensure_ascii=False) + "\n")

    async def store(records: list[tuple[int, Any]]) -> None:
        events, lines = [], []
        for line, record in records:
            try:
                if not isinstance(record, dict):
                    raise EventRejected("", "invalid", "Each event must be a JSON object.")
                events.append(to_event(record))
                lines.append(line)
            except EventRejected as exc:
                report(line, EventResult(0, None, "error", exc.field, exc.code, exc.message,
                                         exc.params))
        if events:
            for result in await ingest_events(ctx, agency_id, events, system_default=system):
                report(lines[result.index], result)
        if progress is not None:
            progress.update(sum(counts.values()))

    # two batches in flight: one is read and checked while the other is written
    pending: set[asyncio.Task[None]] = set()
    for line, record in read_records(path):
        batch.append((line, record))
        if len(batch) >= batch_size:
            if len(pending) >= IN_FLIGHT:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    task.result()
            pending.add(asyncio.create_task(store(batch)))
            batch = []
    if batch:
        pending.add(asyncio.create_task(store(batch)))
    for task in pending:
        await task
    return counts


def cmd_events_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(translate(args.locale, "There is no file {path}.", path=str(path)),
              file=sys.stderr)
        return 2
    # the file is counted for the bar only: a run without a terminal reads it once
    progress = Progress(count_records(path) if sys.stderr.isatty() else 0, sys.stderr)
    errors = sys.stderr if args.errors == "-" else (
        open(args.errors, "w", encoding="utf-8") if args.errors else None)  # noqa: SIM115
    try:
        counts = run_with_database(lambda ctx: import_file(
            ctx, path, agency=args.agency, system=args.system, batch_size=args.batch,
            locale=args.locale, errors=errors, progress=progress))
    finally:
        progress.close()
        if errors not in (None, sys.stderr):
            errors.close()  # type: ignore[union-attr]
    print(translate(args.locale, "{stored} stored, {duplicate} already known, {rejected} "
                    "rejected.", stored=counts["stored"], duplicate=counts["duplicate"],
                    rejected=counts["error"]))
    return 1 if counts["error"] else 0


def register(sub: Any) -> None:
    """Add ``events import`` to the ``phieu`` subcommands."""
    events = sub.add_parser("events", help="dossier events of one-stop systems")
    actions = events.add_subparsers(dest="events_command", required=True, metavar="ACTION")
    load = actions.add_parser(
        "import", help="store the events of a JSON Lines or CSV file (English or national "
        "field names); running it again skips what is stored")
    load.add_argument("file", metavar="FILE")
    load.add_argument("--agency", required=True, help="the agency's code")
    load.add_argument("--system", default="import",
                      help="the system of events that name none (default: import)")
    load.add_argument("--batch", type=int, default=MAX_BATCH, choices=range(1, MAX_BATCH + 1),
                      metavar=f"1..{MAX_BATCH}", help="events per transaction")
    load.add_argument("--errors", metavar="FILE",
                      help="write each rejected event as a JSON line here ('-': the terminal)")
    load.add_argument("--locale", default="vi", choices=list(LOCALES))
    load.set_defaults(func=cmd_events_import)
