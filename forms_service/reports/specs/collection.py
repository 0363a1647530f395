"""The synthesis of a collection: the agencies' answers per question, their text
answers, one row per agency, and the codebook (the national office)."""

from __future__ import annotations

from typing import Any

from forms_service.collections.schemas import SynthesisOut
from forms_service.i18n import N_
from forms_service.reports.parameters import LOCALE
from forms_service.reports.spec import ColumnSpec, Param, ReportSpec, Table, column, formatted

__all__ = ["SPEC"]

COLLECTION = Param("collection", type=int, required=True, minimum=1, maximum=2**31 - 1,
                   description="The collection's id", cli_choices=False)
REPLIES = Param("replies", default="accepted", max_length=10, enum=("accepted", "sent"),
                description="accepted: the accepted replies; sent: every reply sent "
                            "(submitted, changes requested, accepted)")

QUESTION_COLUMNS = (
    column("question", N_("Question"), "code"),
    column("title", N_("Question text"), "label"),
    column("answered", N_("Answered"), "integer"),
    column("value", N_("Answer code"), "code", optional=True),
    column("label", N_("Answer"), "label", optional=True),
    column("count", N_("Answers"), "integer", optional=True),
    column("share", N_("Share"), "number", optional=True),
    formatted("share_text", N_("Share (formatted)")),
)
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
CODEBOOK_COLUMNS = (
    column("question", N_("Question"), "code"),
    column("title", N_("Question text"), "label"),
    column("kind", N_("Kind of answer"), "code"),
    column("widget", N_("Widget"), "code"),
    column("value", N_("Answer code"), "code", optional=True),
    column("label", N_("Answer"), "label", optional=True),
)


def _code(value: Any) -> Any:
    return str(value).lower() if isinstance(value, bool) else value


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """The answers per question, the text answers, one row per agency (a column per
    question), and the codebook."""
    answers, codebook = [], []
    for q in data["questions"]:
        head = {"question": q["key"], "title": q["title"]}
        for choice in q["choices"]:
            answers.append({**head, "answered": q["answered"], "value": _code(choice["value"]),
                            **{k: choice[k] for k in ("label", "count", "share", "share_text")}})
            codebook.append({**head, "kind": q["kind"], "widget": q["widget"],
                             "value": _code(choice["value"]), "label": choice["label"]})
        if not q["choices"]:
            answers.append({**head, "answered": q["answered"]})
            codebook.append({**head, "kind": q["kind"], "widget": q["widget"]})
    per_question = [ColumnSpec(f"answers.{q['key']}", q["title"], "text", optional=True)
                    for q in data["questions"]]
    return [Table("questions", N_("Answers"), QUESTION_COLUMNS, answers),
            Table("texts", N_("Text answers"), TEXT_COLUMNS, data["texts"]),
            Table("agencies", N_("Agencies"), (*AGENCY_COLUMNS, *per_question),
                  data["agencies"]),
            Table("codebook", N_("Codebook"), CODEBOOK_COLUMNS, codebook)]


SPEC = ReportSpec(
    name="collection",
    order=90,
    summary="A collection's synthesis: the agencies' answers per question, their text "
            "answers and one row per agency (the national office)",
    download_summary="A collection's synthesis as {formats}, one row per agency and a "
                     "codebook (the national office)",
    params=(COLLECTION, REPLIES, LOCALE),
    build="forms_service.collections.synthesis:build_synthesis",
    output=SynthesisOut,
    tables=tables,
)
