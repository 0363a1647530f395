"""CSV of raw responses, written line by line without a row list per response.

The general path (``ResponsePlan.rows`` then ``CsvEncoder``) builds a list
per response and lets the csv module encode every cell; this one writes the
bytes the csv module would write (the tests compare them) at a fraction of
the cost, which the million-response export needs:

- the context cells are numbers and codes that never need quoting; codes the
  database hands back are looked up in tables built once, and anything
  unexpected is encoded cell by cell;
- the answer cells depend only on the version and the answers text, so
  their encoded tail is kept per version and answers (the same bounded cache
  as the cells), and most responses cost one lookup and one f-string.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, Sequence
from typing import Any

from forms_service.exports.columns import CONTEXT_COLUMNS, ResponsePlan
from forms_service.exports.times import in_vietnam
from forms_service.exports.writers import CsvEncoder, csv_field
from forms_service.i18n import LOCALES

__all__ = ["ResponseCsv", "csv_field", "response_csv_stream"]

# channels and languages: cells that never need quoting, kept as they are
KNOWN = ("web", "mobile", "kiosk", "one_stop", *LOCALES)


class ResponseCsv:
    """Encodes response records of a :class:`ResponsePlan` as CSV lines."""

    def __init__(self, plan: ResponsePlan) -> None:
        self.plan = plan
        self._header = CsvEncoder(plan.columns)
        width = len(CONTEXT_COLUMNS)
        self._untrusted = tuple(not column.trusted for column in plan.columns[width:])
        self._numbers = {vid: str(number) for vid, number in plan.numbers.items()}
        self._services = {sid: csv_field(code, False) for sid, code in plan.services.items()}
        self._agency = csv_field(plan.agency, False)
        self._known = {code: code for code in KNOWN}
        self._tails: dict[int, dict[str, str]] = {vid: {} for vid in plan.numbers}

    def start(self) -> bytes:
        return self._header.start()

    def tail(self, version_id: int, answers: Any) -> str:
        """The encoded answer cells of one response (a leading comma each)."""
        cache = self._tails.get(version_id)
        if cache is not None and answers.__class__ is str:
            found = cache.get(answers)
            if found is not None:
                return found
        cells = self.plan.cells(version_id, answers)
        text = "".join(["," + csv_field(value, untrusted)
                        for value, untrusted in zip(cells, self._untrusted, strict=True)])
        if (cache is not None and answers.__class__ is str
                and len(answers) <= self.plan.CACHE_TEXT
                and len(cache) < self.plan.CACHE_ENTRIES):
            cache[answers] = text
        return text

    def encode(self, records: Sequence[Sequence[Any]]) -> bytes:
        """CSV lines (CRLF) of ``(id, version id, service id, channel, locale,
        submitted_at text, answers JSON)`` records."""
        numbers, services, known, agency = self._numbers, self._services, self._known, self._agency
        tails, tail_of, local = self._tails, self.tail, in_vietnam
        empty: dict[str, str] = {}
        lines: list[str] = []
        append = lines.append
        for rid, vid, sid, channel, locale, submitted, answers in records:
            tail = tails.get(vid, empty).get(answers) if answers.__class__ is str else None
            if tail is None:
                tail = tail_of(vid, answers)
            append(f"{rid},{local(submitted)},{numbers.get(vid, '')},{services.get(sid, '')},"
                   f"{agency},"
                   f"{known.get(channel) or csv_field(channel, False)},"
                   f"{known.get(locale) or csv_field(locale, False)}{tail}\r\n")
        return "".join(lines).encode("utf-8")


async def response_csv_stream(
    plan: ResponsePlan, batches: AsyncGenerator[Sequence[Sequence[Any]], None]
) -> AsyncGenerator[bytes, None]:
    """The CSV file: header at once, then one chunk per batch of records."""
    encoder = ResponseCsv(plan)
    yield encoder.start()
    async with contextlib.aclosing(batches):
        async for records in batches:
            yield encoder.encode(records)
