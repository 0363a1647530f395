"""The synthesis of a collection: the agencies' answers per question, their text
answers, one row per agency, and the codebook (the national office)."""

from __future__ import annotations

from typing import Any

from forms_service.collections.schemas import SynthesisOut
from forms_service.i18n import N_
from forms_service.reports.parameters import CONFIDENCE_LEVEL, LOCALE, METHOD
from forms_service.reports.spec import ColumnSpec, Param, ReportSpec, Table, column
from forms_service.reports.specs import results

__all__ = ["SPEC"]

COLLECTION = Param("collection", type=int, required=True, minimum=1, maximum=2**31 - 1,
                   description="The collection's id", cli_choices=False)
REPLIES = Param("replies", default="accepted", max_length=10, enum=("accepted", "sent"),
                description="accepted: the accepted replies; sent: every reply sent "
                            "(submitted, changes requested, accepted)")

TEXT_COLUMNS = (
    column("agency", N_("Agency code"), "code"),
    column("name", N_("Agency"), "label"),
    column("question", N_("Question"), "code"),
    column("title", N_("Question text"), "label"),
    column("answer", N_("Answer"), "text"),
)
AGENCY_COLUMNS = (
    column("agency", N_("Agency code"), "code"),
    column("name", N_("Agency"), "label"),
    column("state", N_("State"), "code"),
    column("submitted_at", N_("Submitted"), "datetime"),
    column("late", N_("Late"), "flag"),
)
UNMASKED = Param("unmasked", default="false", max_length=5, enum=("false", "true"),
                 description="true: the text answers as written, personal identifiers "
                             "unmasked (recorded in the export audit; keys that may read "
                             "answers unmasked)")


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """The answers per question, a summary per question (means, quartiles, NPS), the
    text answers by agency, one row per agency (a column per question), and the
    codebook: the first three and the last as a form's results have them."""
    answers, summary, codebook = results.tables(data, lang)
    per_question = [ColumnSpec(f"answers.{q['key']}", q["title"], "text", optional=True)
                    for q in data["questions"]]
    return [answers, summary,
            Table("texts", N_("Text answers"), TEXT_COLUMNS, data["texts"]),
            Table("agencies", N_("Agencies"), (*AGENCY_COLUMNS, *per_question),
                  data["agencies"]),
            codebook]


SPEC = ReportSpec(
    name="collection",
    order=90,
    summary="A collection's synthesis: the agencies' answers per question (as a form's "
            "results), their text answers and one row per agency (the national office)",
    download_summary="A collection's synthesis as {formats}, one row per agency and a "
                     "codebook (the national office)",
    params=(COLLECTION, REPLIES, UNMASKED, CONFIDENCE_LEVEL, METHOD, LOCALE),
    build="forms_service.collections.synthesis:build_synthesis",
    output=SynthesisOut,
    tables=tables,
)
