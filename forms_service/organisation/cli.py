"""``phieu units|counters|officers import FILE``: the organisation from a file.

CSV (a header line naming the fields) or JSON (an array of objects, or one
object per line), by the file's extension. Each row creates or updates the
row of its code; the good rows are kept and each bad one is reported.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from forms_service.agencies.service import agency_by_code
from forms_service.commands import run_with_database
from forms_service.context import Context
from forms_service.i18n import LOCALES, translate
from forms_service.organisation.files import csv_rows, json_rows
from forms_service.organisation.rows import KINDS
from forms_service.organisation.service import MAX_IMPORT, RowResult, import_items

__all__ = ["register"]


async def _import(ctx: Context, kind: str, rows: list[Any], agency: str) -> list[RowResult]:
    agency_id = int((await agency_by_code(agency))["id"])
    results: list[RowResult] = []
    for start in range(0, len(rows), MAX_IMPORT):
        for result in await import_items(ctx, None, kind, agency_id=agency_id,
                                         rows=rows[start:start + MAX_IMPORT]):
            result.row += start
            results.append(result)
    return results


def _command(kind: str) -> Any:
    def run(args: argparse.Namespace) -> int:
        path = Path(args.file)
        if not path.is_file():
            print(translate(args.locale, "There is no file {path}.", path=str(path)),
                  file=sys.stderr)
            return 2
        text = path.read_text(encoding="utf-8-sig")
        rows = csv_rows(text) if path.suffix.lower() in {".csv", ".tsv"} else json_rows(text)
        results = run_with_database(lambda ctx: _import(ctx, kind, rows, args.agency))
        for r in results:
            if r.result == "error":
                message = translate(args.locale, r.message, **r.params) if r.message else ""
                print(f"{r.row}: {r.field}: {message}", file=sys.stderr)
        counts = {k: sum(1 for r in results if r.result == k)
                  for k in ("created", "updated", "error")}
        print(translate(args.locale, "{created} created, {updated} updated, {rejected} "
                        "rejected.", created=counts["created"], updated=counts["updated"],
                        rejected=counts["error"]))
        return 1 if counts["error"] else 0
    return run


def register(sub: Any) -> None:
    """Add ``units``, ``counters`` and ``officers`` (each with ``import``)."""
    for kind in KINDS.values():
        parser = sub.add_parser(kind.plural, help=f"the agency's {kind.plural}")
        actions = parser.add_subparsers(dest=f"{kind.plural}_command", required=True,
                                        metavar="ACTION")
        load = actions.add_parser(
            "import", help=f"add or change {kind.plural} from a CSV or JSON file "
            f"(fields: {', '.join(kind.fields)})")
        load.add_argument("file", metavar="FILE")
        load.add_argument("--agency", required=True, help="the agency's code")
        load.add_argument("--locale", default="vi", choices=list(LOCALES))
        load.set_defaults(func=_command(kind.name))
