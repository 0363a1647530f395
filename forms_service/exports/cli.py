"""``phieu export responses`` and ``phieu export report``: data to files, from the command line.

The command line acts with the database's own rights (like ``phieu keys
create``): it reads any form and any agency, and its exports are recorded in
the audit log as ``cli:<user>``.  On a terminal it shows a progress bar with
the row count; otherwise it prints only the final count.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from forms_service.i18n import DEFAULT_LOCALE, LOCALES, vietnam_today

__all__ = ["Progress", "register"]


class Progress:
    """A one-line progress bar on a terminal; silent elsewhere."""

    def __init__(self, stream: IO[str], total: int | None, *, width: int = 30) -> None:
        self.stream = stream
        self.total = total
        self.width = width
        self.enabled = stream.isatty()
        self.started = time.monotonic()
        self._shown = 0.0

    def update(self, rows: int, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._shown < 0.1:
            return
        self._shown = now
        rate = rows / max(now - self.started, 1e-6)
        if self.total:
            share = min(rows / self.total, 1.0)
            filled = int(share * self.width)
            bar = "█" * filled + "·" * (self.width - filled)
            line = f"\r{share:4.0%} |{bar}| {rows:,}/{self.total:,} rows  {rate:,.0f} rows/s"
        else:
            line = f"\r{rows:,} rows  {rate:,.0f} rows/s"
        self.stream.write(line)
        self.stream.flush()

    def done(self, rows: int) -> None:
        if self.enabled:
            self.update(rows, force=True)
            self.stream.write("\n")
            self.stream.flush()


def register(subparsers: Any) -> None:
    """Add ``export`` and its actions to the ``phieu`` command line."""
    export = subparsers.add_parser("export", help="export data to a file")
    actions = export.add_subparsers(dest="export_command", required=True, metavar="WHAT")
    responses = actions.add_parser(
        "responses", help="a form's raw responses (all versions) as CSV, XLSX or JSON Lines",
        description="Free-text answers have citizen ID numbers, phone numbers and e-mail "
        "addresses masked unless --unmasked is given (recorded in the export audit).",
    )
    responses.add_argument("--form", required=True, help="the form's slug")
    responses.add_argument("--format", default="csv", choices=["csv", "xlsx", "jsonl"])
    responses.add_argument("--output", "-o", required=True,
                           help="file to write (replaced when complete), or - for stdout")
    responses.add_argument("--locale", default=DEFAULT_LOCALE, choices=LOCALES,
                           help="language of headers and labels (default vi)")
    responses.add_argument("--since", help="submitted at or after: 2023-07-01 or ISO 8601")
    responses.add_argument("--until", help="submitted before: 2023-10-01 or ISO 8601")
    responses.add_argument("--unmasked", action="store_true",
                           help="keep personal identifiers in free text (audited)")
    responses.set_defaults(func=cmd_export_responses)

    report = actions.add_parser(
        "report", help="an analytics report as CSV, XLSX or JSON",
        description="The report of /api/v1/analytics/REPORT with the same parameters; "
        "options that the report does not take are refused.",
    )
    report.add_argument("name", metavar="REPORT",
                        help="satisfaction, excellence, online-rate, communication or rankings")
    report.add_argument("--format", default="csv", choices=["csv", "xlsx", "json"])
    report.add_argument("--output", "-o",
                        help="file to write (default phieu-REPORT-DATE.FORMAT here), - for stdout")
    report.add_argument("--locale", default=DEFAULT_LOCALE, choices=LOCALES,
                        help="language of headers and formatted numbers (default vi)")
    for option, kind, help_text in REPORT_OPTIONS:
        report.add_argument(option, type=kind, help=help_text)
    report.set_defaults(func=cmd_export_report)


# every parameter of the reports; each report takes the ones named in REPORT_PARAMS
REPORT_OPTIONS: list[tuple[str, Any, str]] = [
    ("--agency", str, "agency code"),
    ("--form", str, "form slug (satisfaction, communication)"),
    ("--period", str, "2023, 2023-Q3 or 2023-07"),
    ("--group-by", str, "satisfaction: service, agency, form, audience [,month|quarter|year]; "
                        "online-rate: agency or service"),
    ("--threshold", float, "excellence threshold (default 0.9)"),
    ("--confidence-level", float, "default 0.95"),
    ("--method", str, "wilson (default), clopper-pearson or jeffreys"),
    ("--min-n", int, "fewest answers for a verdict (default 30)"),
    ("--year", int, "excellence: the year"),
    ("--per-audience", int, "excellence: services per audience (default 5)"),
    ("--top-online", int, "excellence: how many lead by online dossiers (default 5)"),
    ("--interval", str, "online-rate: month, quarter (default) or year"),
    ("--target", float, "online-rate: target share (default 0.5)"),
    ("--campaign-start", str, "communication: YYYY-MM-DD, adds before/after"),
    ("--source", str, "rankings: imported (default) or satisfaction"),
    ("--kind", str, "rankings: ministry, province or other"),
]
REPORT_PARAMS = {
    "satisfaction": ("agency", "form", "period", "group_by", "threshold", "confidence_level",
                     "method", "min_n"),
    "excellence": ("agency", "year", "per_audience", "top_online", "threshold",
                   "confidence_level", "min_n"),
    "online-rate": ("agency", "period", "interval", "group_by", "target", "confidence_level",
                    "method"),
    "communication": ("agency", "form", "period", "campaign_start", "confidence_level"),
    "rankings": ("period", "source", "kind", "min_n"),
}


def _operator() -> Any:
    """The principal of the command line: admin rights, named after the system user
    (exports are audited under this name)."""
    from forms_service.auth import Principal, Role

    return Principal(key_id=f"cli:{getpass.getuser()}", role=Role.ADMIN,
                     agency_id=None, agency_code=None)


def _missing_folder(target: Path | None) -> bool:
    """Say so when ``target``'s folder does not exist."""
    if target is not None and target.parent and not target.parent.is_dir():
        print(f"phieu: the folder {target.parent} does not exist", file=sys.stderr)
        return True
    return False


@contextlib.contextmanager
def _replacing(target: Path) -> Iterator[IO[bytes]]:
    """A file written beside ``target`` that replaces it only when complete."""
    partial = target.with_name(target.name + ".partial")
    try:
        with open(partial, "wb") as handle:
            yield handle
        os.replace(partial, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def cmd_export_report(args: argparse.Namespace) -> int:
    from forms_service.cli import _with_database
    from forms_service.settings import Settings

    if args.name not in REPORT_PARAMS:
        print(f"phieu: there is no report {args.name}: the reports are "
              f"{', '.join(REPORT_PARAMS)}", file=sys.stderr)
        return 2
    names = [option[2:].replace("-", "_") for option, _, _ in REPORT_OPTIONS]
    given = {name: getattr(args, name) for name in names if getattr(args, name) is not None}
    refused = sorted(set(given) - set(REPORT_PARAMS[args.name]))
    if refused:
        options = ", ".join("--" + name.replace("_", "-") for name in refused)
        print(f"phieu: the {args.name} report does not take {options}", file=sys.stderr)
        return 2
    today = vietnam_today().isoformat()
    output = args.output or f"phieu-{args.name}-{today}.{args.format}"
    target = None if output == "-" else Path(output)
    if _missing_folder(target):
        return 2

    async def work(ctx: Any) -> int:
        from forms_service.exports.reports import export_report

        principal = _operator()
        export = await export_report(ctx, principal, args.name, fmt=args.format,
                                     locale=args.locale, params=given)
        progress = Progress(sys.stderr, export.rows)
        if target is None:
            sys.stdout.buffer.write(export.content)
            sys.stdout.buffer.flush()
        else:
            with _replacing(target) as handle:
                handle.write(export.content)
        progress.done(export.rows)
        return export.rows

    rows = asyncio.run(_with_database(Settings.from_env(), work))
    where = "standard output" if target is None else str(target)
    print(f"exported {rows} rows of the {args.name} report to {where}",
          file=sys.stderr if target is None else sys.stdout)
    return 0


def cmd_export_responses(args: argparse.Namespace) -> int:
    from forms_service.cli import _with_database
    from forms_service.settings import Settings

    to_stdout = args.output == "-"
    target = None if to_stdout else Path(args.output)
    if _missing_folder(target):
        return 2

    async def work(ctx: Any) -> int:
        from forms_service.exports.service import export_responses

        principal = _operator()
        export = await export_responses(
            ctx, principal, form=args.form, fmt=args.format, locale=args.locale,
            since=args.since, until=args.until, unmasked=args.unmasked, count=True,
        )
        progress = Progress(sys.stderr, export.total)
        if target is None:
            sink: IO[bytes] = sys.stdout.buffer
            await _copy(export, sink, progress)
            sink.flush()
        else:
            with _replacing(target) as handle:
                await _copy(export, handle, progress)
        progress.done(export.rows_written)
        return export.rows_written

    rows = asyncio.run(_with_database(Settings.from_env(), work))
    where = "standard output" if target is None else str(target)
    print(f"exported {rows} responses to {where}", file=sys.stderr if to_stdout else sys.stdout)
    return 0


async def _copy(export: Any, sink: IO[bytes], progress: Progress) -> None:
    async for chunk in export.chunks():
        sink.write(chunk)
        progress.update(export.rows_written)
