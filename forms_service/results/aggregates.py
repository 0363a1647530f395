"""Per-question answer counts: how the writers add to them, and their rebuild.

The response writers (:mod:`forms_service.responses.storage`) add each
response's answer facts (:func:`form_schemas.facts.answer_facts`) to its
month and year rows of ``answer_aggregate`` in the statement that stores
it, with ``ANSWER_UPSERT``. :func:`rebuild_answer_aggregates` recomputes the
rows from the raw responses with the same function (after a bulk load, or
to check the incremental counts); month rows older than the oldest stored
response are kept, as for the response aggregates (a retention purge left
only them).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from form_schemas import compile_form
from form_schemas.facts import answer_facts
from forms_service.db import Database, json_value

__all__ = ["ANSWER_COLUMNS", "ANSWER_KEY", "ANSWER_UPSERT", "rebuild_answer_aggregates"]

ANSWER_COLUMNS = ("agency", "form", "form_version", "service", "audience", "channel", "span",
                  "period", "question", "value", "answers")
ANSWER_KEY = "(form_version, service, audience, channel, span, period, question, value)"
ANSWER_UPSERT = (f"ON CONFLICT {ANSWER_KEY} DO UPDATE SET "
                 "answers = answer_aggregate.answers + excluded.answers")
_BATCH = 5000
_ROWS = 500  # rows per insert: 5,500 values, within both databases' limits


async def rebuild_answer_aggregates(db: Database) -> int:
    """Recompute the answer counts from the raw responses; return the row count."""
    definitions = {int(row["id"]): compile_form(json_value(row["definition"]))
                   for row in await db.raw("SELECT id, definition FROM form_version")}
    counts: Counter[tuple[Any, ...]] = Counter()
    after = 0
    while True:
        rows = await db.raw(
            "SELECT id, agency, form, form_version, COALESCE(service, 0) AS service, "
            "COALESCE(audience, '') AS audience, channel, month, answers FROM response "
            "WHERE id > {} ORDER BY id LIMIT {}", after, _BATCH)
        if not rows:
            break
        after = int(rows[-1]["id"])
        for row in rows:
            form = definitions.get(int(row["form_version"]))
            if form is None:
                continue
            key = (int(row["agency"]), int(row["form"]), int(row["form_version"]),
                   int(row["service"]), row["audience"], row["channel"])
            month = row["month"]
            for question, value in answer_facts(form, json_value(row["answers"])):
                counts[(*key, month, question, value)] += 1
    async with db.write_transaction():
        if not db.is_sqlite:
            await db.raw("LOCK TABLE answer_aggregate IN EXCLUSIVE MODE")
        await db.raw("DELETE FROM answer_aggregate WHERE span = 'year' OR period >= "
                      "(SELECT MIN(month) FROM response)")
        items = [(*key[:6], "month", *key[6:], n) for key, n in counts.items()]
        marks = "(" + ", ".join("{}" for _ in ANSWER_COLUMNS) + ")"
        for start in range(0, len(items), _ROWS):
            part = items[start:start + _ROWS]
            await db.raw(f"INSERT INTO answer_aggregate ({', '.join(ANSWER_COLUMNS)}) "
                         f"VALUES {', '.join([marks] * len(part))}",
                         *(value for item in part for value in item))
        await db.raw(
            f"INSERT INTO answer_aggregate ({', '.join(ANSWER_COLUMNS)}) "
            "SELECT agency, form, form_version, service, audience, channel, 'year', "
            "substr(period, 1, 4), question, value, SUM(answers) FROM answer_aggregate "
            "WHERE span = 'month' GROUP BY agency, form, form_version, service, audience, "
            "channel, substr(period, 1, 4), question, value")
        rows = await db.raw("SELECT COUNT(*) AS n FROM answer_aggregate")
    return int(rows[0]["n"])
