"""Printing report bodies as aligned tables, CSV or JSON (for ``phieu report``).

Tables show the numbers formatted for the locale (the ``*_text`` fields);
CSV carries the raw numbers, one flat row per line; JSON is the API body.
The statistics are imported when first needed, so that ``phieu --help``
stays quick.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence
from typing import Any

import msgspec

from forms_service.i18n import N_, translate

__all__ = ["as_csv", "as_json", "flatten", "number", "periodless", "pvalue", "table", "tr"]

DASH = "—"
# Words of the printed tables (column headings and section titles).
WORDS = {
    name: msgid for name, msgid in (
        ("rank", N_("Rank")), ("group", N_("Group")), ("answers", N_("Answers")),
        ("satisfied", N_("Satisfied")), ("rate", N_("Rate")), ("interval", N_("Interval")),
        ("pvalue", N_("p-value")), ("adjusted", N_("Adjusted p-value")),
        ("verdict", N_("Verdict")), ("shrunk", N_("Shrunk rate")), ("period", N_("Period")),
        ("position", N_("Position")), ("service", N_("Service")), ("name", N_("Name")),
        ("criteria", N_("Criteria")), ("online_dossiers", N_("Online dossiers")),
        ("reason", N_("Reason")), ("citizen", N_("Nominated for citizens")),
        ("business", N_("Nominated for businesses")), ("excluded", N_("Left out")),
        ("agency", N_("Agency")), ("total", N_("Total")), ("online", N_("Online")),
        ("online_share", N_("Online share")), ("gap", N_("Gap to target (points)")),
        ("target", N_("Target")), ("self_share", N_("Submitted personally")),
        ("self_submitted", N_("Submitted personally")),
        ("channel", N_("Channel")), ("reached", N_("Reached")), ("share", N_("Share")),
        ("outcome", N_("Outcome")), ("reached_rate", N_("Among reached")),
        ("not_reached_rate", N_("Among not reached")), ("difference", N_("Difference")),
        ("respondents", N_("Respondents")), ("before", N_("Before")), ("after", N_("After")),
        ("grade", N_("Grade")), ("score", N_("Score")), ("mean", N_("Mean score")),
        ("no_rows", N_("No data for this report.")),
        ("source", N_("Counted from")), ("events", N_("dossier events")),
        ("statistics", N_("recorded statistics")),
        ("weighted", N_("Weighted rate")), ("weighted_interval", N_("Weighted interval")),
        ("deff", N_("Design effect")),
    )
}


def tr(lang: str, word: str) -> str:
    """The printed word ``word`` (a key of ``WORDS``) in ``lang``."""
    return translate(lang, WORDS[word])


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def table(headings: Sequence[str], rows: Sequence[Sequence[Any]],
          right: Sequence[int] = ()) -> str:
    """Aligned columns; columns whose index is in ``right`` are right-aligned."""
    cells = [[DASH if v is None else str(v) for v in row] for row in rows]
    widths = [_width(h) for h in headings]
    for row in cells:
        widths = [max(w, _width(c)) for w, c in zip(widths, row, strict=True)]

    def line(values: Sequence[str]) -> str:
        parts = []
        for i, (value, width) in enumerate(zip(values, widths, strict=True)):
            pad = " " * (width - _width(value))
            parts.append(pad + value if i in right else value + pad)
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(list(headings)), rule, *(line(row) for row in cells)])


def periodless(headings: Sequence[str], rows: Sequence[Sequence[Any]],
               right: Sequence[int] = ()) -> str:
    """:func:`table` whose first column is the period, left out when no row has one."""
    if any(row[0] for row in rows):
        return table(headings, rows, right)
    return table(headings[1:], [row[1:] for row in rows], [i - 1 for i in right if i > 0])


def number(value: float | None, lang: str, digits: int = 1) -> str | None:
    """``value`` formatted for ``lang`` with ``digits`` decimals (``None`` stays)."""
    from analytics import format_number

    return None if value is None else format_number(value, lang, digits=digits)


def pvalue(value: float | None, lang: str) -> str | None:
    return number(value, lang, digits=4)


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dicts to one level with dotted keys; lists joined with ``;``."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            out.update(flatten(item, f"{name}."))
        elif isinstance(item, list):
            out[name] = ";".join(str(v) for v in item)
        else:
            out[name] = item
    return out


def as_csv(rows: Sequence[dict[str, Any]]) -> str:
    """CSV with a heading line; columns are the union of the rows' keys, in order."""
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().rstrip("\n")


def as_json(body: msgspec.Struct) -> str:
    return msgspec.json.format(msgspec.json.encode(body).decode(), indent=2)
