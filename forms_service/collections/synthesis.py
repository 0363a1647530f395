"""The synthesis of a collection: every counted reply's answers summarised per
question (counts and shares of each choice), the text answers listed by
agency, and one row per asked agency with its answers — the body of the
``collection`` report (:mod:`forms_service.reports.specs.collection`), so the
analytics API, the exports (CSV, XLSX with a codebook) and ``phieu report``
all offer it. The national office only.

Counted replies are the accepted ones by default, or every reply sent
(submitted, changes requested, accepted) with ``replies=sent``. Phone
numbers, citizen ID numbers and e-mail addresses in text answers (a contact
person's, say) are masked as in every export.
"""

from __future__ import annotations

from typing import Any

import msgspec

from analytics.formatting import format_percent
from forms_service.auth import Principal
from forms_service.collections.access import load_collection, require_office
from forms_service.collections.order import sort_agencies
from forms_service.collections.replies import questions_of
from forms_service.collections.schemas import SynthesisOut
from forms_service.context import Context
from forms_service.db import json_value, moment_value
from forms_service.errors import InvalidInput
from forms_service.exports.masking import Masker, answer_masker
from forms_service.i18n import negotiate

__all__ = ["COUNTED", "build_synthesis"]

COUNTED = {"accepted": ("accepted",), "sent": ("submitted", "changes_requested", "accepted")}


def _display(question: Any, value: Any, locale: str, masker: Masker) -> str:
    values = value if isinstance(value, list) else [value]
    if question.choices:
        return "; ".join(question.choice_label(v, locale) for v in values)
    return masker.mask("; ".join(str(v) for v in values))


async def build_synthesis(ctx: Context, principal: Principal, *, locale: str | None = None,
                          collection: int, replies: str = "accepted") -> SynthesisOut:
    require_office(principal)
    if replies not in COUNTED:
        raise InvalidInput("replies must be accepted or sent.")
    lang = negotiate(locale)
    masker = answer_masker(lang)
    row = await load_collection(ctx.db, principal, collection)
    compiled = await questions_of(ctx, principal, collection)
    rows = sort_agencies(await ctx.db.raw(
        "SELECT a.code, a.name, a.kind, r.state, r.answers, r.submitted_at, r.late "
        "FROM collection_request r JOIN agency a ON a.id = r.agency WHERE r.collection = {}",
        collection))
    counted = [r for r in rows if r["state"] in COUNTED[replies]]
    answers = {r["code"]: json_value(r["answers"]) or {} for r in counted}
    questions, texts = [], []
    for question in compiled.questions:
        given = [(r, answers[r["code"]][question.name]) for r in counted
                 if answers[r["code"]].get(question.name) is not None]
        choices = []
        for choice in question.choices:
            count = sum(1 for _, value in given if choice.value == value
                        or (isinstance(value, list) and choice.value in value))
            share = count / len(given) if given else None
            choices.append({"value": choice.value, "label": question.choice_label(
                choice.value, lang), "count": count, "share": share,
                "share_text": format_percent(share, lang) if share is not None else ""})
        if not question.choices and question.type == "string":
            texts += [{"agency": r["code"], "name": r["name"], "question": question.name,
                       "title": question.title(lang), "answer": masker.mask(str(value))}
                      for r, value in given]
        questions.append({"key": question.name, "title": question.title(lang),
                          "kind": question.type, "widget": question.widget,
                          "answered": len(given), "choices": choices})
    agencies = [{"agency": r["code"], "name": r["name"], "kind": r["kind"], "state": r["state"],
                 "submitted_at": moment_value(r["submitted_at"]), "late": bool(r["late"]),
                 "answers": {q.name: _display(q, answers[r["code"]][q.name], lang, masker)
                             for q in compiled.questions
                             if r["code"] in answers
                             and answers[r["code"]].get(q.name) is not None}}
                for r in rows]
    [form] = await ctx.db.raw("SELECT slug FROM form WHERE id = {}", row["form"])
    return msgspec.convert({
        "collection": collection, "title": row["title"], "form": form["slug"],
        "replies": replies, "asked": len(rows), "counted": len(counted), "locale": lang,
        "questions": questions, "texts": texts, "agencies": agencies}, SynthesisOut)
