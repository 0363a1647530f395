"""``phieu export responses`` and ``phieu export report``: data to files, from the command line.

The command line acts with the database's own rights (like ``phieu keys
create``): it reads any form and any agency, and its exports are recorded in
the audit log as ``cli:<user>``.  On a terminal it shows a progress bar with
the row count; otherwise it prints only the final count.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from forms_service.commands import run_with_database
from forms_service.exports.formats import REPORTS as REPORTS_EXPORT
from forms_service.exports.formats import RESPONSES, labels_text, offered
from forms_service.i18n import LOCALES, vietnam_today
from forms_service.reports.cli import add_option
from forms_service.reports.registry import REPORTS
from forms_service.reports.spec import Param

__all__ = ["Progress", "register", "report_options"]


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
        "responses",
        help=f"a form's raw responses (all versions) as {labels_text(RESPONSES)}",
        description="Free-text answers have citizen ID numbers, phone numbers and e-mail "
        "addresses masked unless --unmasked is given (recorded in the export audit).",
    )
    responses.add_argument("--form", required=True, help="the form's slug")
    responses.add_argument("--format", default=offered(RESPONSES)[0], choices=offered(RESPONSES))
    responses.add_argument("--output", "-o", required=True,
                           help="file to write (replaced when complete), or - for stdout")
    responses.add_argument("--locale", default="vi", choices=list(LOCALES),
                           help="language of headers and labels (default vi)")
    responses.add_argument("--since", help="submitted at or after: 2023-07-01 or ISO 8601")
    responses.add_argument("--until", help="submitted before: 2023-10-01 or ISO 8601")
    responses.add_argument("--unmasked", action="store_true",
                           help="keep personal identifiers in free text (audited)")
    responses.set_defaults(func=cmd_export_responses)

    report = actions.add_parser(
        "report", help=f"an analytics report as {labels_text(REPORTS_EXPORT)}",
        description="The report of /api/v1/analytics/REPORT with the same parameters; "
        "options that the report does not take are refused.",
    )
    report.add_argument("name", metavar="REPORT", help=_either(list(REPORTS)))
    report.add_argument("--format", default=offered(REPORTS_EXPORT)[0],
                        choices=offered(REPORTS_EXPORT))
    report.add_argument("--output", "-o",
                        help="file to write (default phieu-REPORT-DATE.FORMAT here), - for stdout")
    report.add_argument("--locale", default="vi", choices=list(LOCALES),
                        help="language of headers and formatted numbers (default vi)")
    for params in report_options().values():
        _add_shared_option(report, params)
    report.set_defaults(func=cmd_export_report)


def _either(names: list[str]) -> str:
    return f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else "".join(names)


def report_options() -> dict[str, list[tuple[str, Param]]]:
    """Every parameter of the reports, by name, with the reports that take it."""
    options: dict[str, list[tuple[str, Param]]] = {}
    for spec in REPORTS.values():
        for param in spec.params:
            if param.name != "locale":
                options.setdefault(param.name, []).append((spec.name, param))
    return options


def _add_shared_option(parser: argparse.ArgumentParser,
                       params: list[tuple[str, Param]]) -> None:
    """One option for a parameter several reports take (``None`` unless given)."""
    first = params[0][1]
    if any(param.type is not first.type for _, param in params):
        raise ValueError(f"the reports give {first.option} different types")
    meanings: dict[str, list[str]] = {}
    for name, param in params:
        meanings.setdefault(param.description or param.name, []).append(name)
    help_text = "; ".join(f"{meaning} ({', '.join(names)})" for meaning, names in meanings.items())
    same_choices = all(param.enum == first.enum and param.cli_choices for _, param in params)
    add_option(parser, first, defaults=False, help_text=help_text, choices=same_choices)


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
    spec = REPORTS.get(args.name)
    if spec is None:
        print(f"phieu: there is no report {args.name}: the reports are "
              f"{', '.join(REPORTS)}", file=sys.stderr)
        return 2
    given = {name: getattr(args, name) for name in report_options()
             if getattr(args, name) is not None}
    refused = sorted(name for name in given if not spec.takes(name))
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

    rows = run_with_database(work)
    where = "standard output" if target is None else str(target)
    print(f"exported {rows} rows of the {args.name} report to {where}",
          file=sys.stderr if target is None else sys.stdout)
    return 0


def cmd_export_responses(args: argparse.Namespace) -> int:
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

    rows = run_with_database(work)
    where = "standard output" if target is None else str(target)
    print(f"exported {rows} responses to {where}", file=sys.stderr if to_stdout else sys.stdout)
    return 0


async def _copy(export: Any, sink: IO[bytes], progress: Progress) -> None:
    async for chunk in export.chunks():
        sink.write(chunk)
        progress.update(export.rows_written)
