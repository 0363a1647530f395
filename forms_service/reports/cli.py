"""``phieu report <name>`` for every report of the registry, and ``phieu aggregates rebuild``.

The commands run the reports through the registry with the rights of the
national office (they run on the server with its database settings), and
print them: aligned (``--format table``, numbers formatted for
``--locale``), CSV or JSON (the API body). Each report's options are its
parameters (``group_by`` → ``--group-by``), with the report's defaults.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

import msgspec

from forms_service.auth import Principal, Role
from forms_service.commands import run_with_database
from forms_service.i18n import LOCALES, translate
from forms_service.reports import render
from forms_service.reports.registry import REPORTS, run_report
from forms_service.reports.render import tr
from forms_service.reports.spec import Param, ReportSpec, flatten

__all__ = ["add_option", "register", "table_rows", "table_text"]

OPERATOR = Principal(key_id="cli", role=Role.ADMIN, agency_id=None, agency_code=None)
Work = Callable[[Any], Any]


def _run(work: Work) -> Any:
    return run_with_database(work)


def add_option(parser: argparse.ArgumentParser, param: Param, *, defaults: bool = True,
               help_text: str | None = None, choices: bool = True) -> None:
    """``param`` as an option of ``parser`` (``--group-by``).

    With ``defaults`` the option has the report's default (shown in the
    help) and is required where the report needs it; without, it is
    ``None`` unless given.
    """
    text = help_text if help_text is not None else (param.description or "")
    options: dict[str, Any] = {"dest": param.name, "type": param.type}
    if defaults:
        options["default"] = param.default
        options["required"] = param.required or param.cli_required
        if param.default is not None:
            text = f"{text} (default {param.default})" if text else f"default {param.default}"
    if choices and param.enum is not None and param.cli_choices:
        options["choices"] = list(param.enum)
    parser.add_argument(param.option, help=text or None, **options)


def table_rows(spec: ReportSpec, data: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The flat rows of the report's tables (with the table's key when there are several)."""
    tables = spec.tables(data, lang)
    rows = []
    for table in tables:
        for item in table.items:
            rows.append(({"section": table.key} if len(tables) > 1 else {}) | flatten(item))
    return rows


def table_text(spec: ReportSpec, body: msgspec.Struct, lang: str) -> str:
    """The report's tables aligned, each under its title."""
    parts: list[str] = []
    for table in spec.tables(msgspec.to_builtins(body), lang):
        columns, rows = table.flat()
        right = [i for i, c in enumerate(columns) if c.kind in ("integer", "number")]
        lines = [[row.get(c.key) for c in columns] for row in rows]
        parts += [translate(lang, table.title),
                  render.table([c.heading(lang) for c in columns], lines, right=right)
                  if lines else tr(lang, "no_rows"), ""]
    return "\n".join(parts).rstrip()


def _emit(spec: ReportSpec, args: argparse.Namespace, body: msgspec.Struct) -> int:
    if args.format == "json":
        print(render.as_json(body))
    elif args.format == "csv":
        data = msgspec.to_builtins(body)
        rows = spec.rows(data) if spec.rows else table_rows(spec, data, args.locale)
        print(render.as_csv(rows))
    else:
        print(spec.text(body, args.locale) if spec.text else table_text(spec, body, args.locale))
    return 0


def _command(spec: ReportSpec) -> Callable[[argparse.Namespace], int]:
    def command(args: argparse.Namespace) -> int:
        params = {p.name: getattr(args, p.name) for p in spec.params if p.name != "locale"}
        step = spec.command.before(args) if spec.command else None

        async def work(ctx: Any) -> Any:
            chosen = await step(ctx, params) if step else params
            return await run_report(ctx, OPERATOR, spec, locale=args.locale, params=chosen)

        return _emit(spec, args, _run(work))

    return command


def cmd_rebuild(args: argparse.Namespace) -> int:
    from forms_service.dossiers.aggregates import rebuild
    from forms_service.reports.aggregates import rebuild_aggregates
    from forms_service.results.aggregates import rebuild_answer_aggregates

    count = _run(lambda ctx: rebuild_aggregates(ctx.db))
    print(f"rebuilt {count} aggregate row(s) from the responses")
    months = _run(lambda ctx: rebuild(ctx.db))
    print(f"rebuilt {months} dossier_month row(s) from the dossiers")
    answers = _run(lambda ctx: rebuild_answer_aggregates(ctx.db))
    print(f"rebuilt {answers} answer count row(s) from the responses")
    return 0


def register(sub: Any) -> None:
    """Add ``report`` and ``aggregates`` to the ``phieu`` subcommands."""
    report = sub.add_parser("report", help="print the analytics reports")
    reports = report.add_subparsers(dest="report_command", required=True, metavar="REPORT")
    for spec in REPORTS.values():
        parser = reports.add_parser(spec.name, help=spec.summary)
        parser.add_argument("--locale", default="vi", choices=list(LOCALES))
        parser.add_argument("--format", default="table", choices=["table", "csv", "json"])
        for param in spec.params:
            if param.name != "locale":
                add_option(parser, param)
        if spec.command:
            spec.command.arguments(parser)
        parser.set_defaults(func=_command(spec))

    aggregates = sub.add_parser("aggregates", help="response aggregates behind the reports")
    actions = aggregates.add_subparsers(dest="aggregates_command", required=True,
                                        metavar="ACTION")
    rebuild = actions.add_parser("rebuild", help="recompute every aggregate from the responses")
    rebuild.set_defaults(func=cmd_rebuild)
