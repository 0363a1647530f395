"""The synthesis of a collection: the agencies' answers per question, their text
answers, one row per agency, and the codebook (the national office).

The answers per question are those of a form's results
(:mod:`forms_service.results.summaries`): each counted reply adds the same
answer facts as a response (:func:`form_schemas.facts.answer_facts`), and
every question's block (shares with their intervals, means, quartiles,
histograms, options chosen) is computed by the same function, so a
collection's figures read like any form's. Text answers are listed by
agency, masked as exports mask them unless an office person who may read
answers unmasked asks for them (``unmasked=true``, recorded in the export
audit).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from form_schemas.facts import answer_facts
from forms_service.auth import Principal
from forms_service.collections.access import load_collection, require_office
from forms_service.collections.order import sort_agencies
from forms_service.collections.replies import questions_of
from forms_service.collections.schemas import SynthesisOut
from forms_service.context import Context
from forms_service.db import json_value, moment_value
from forms_service.errors import InvalidInput
from forms_service.exports.masking import Masker, answer_masker
from forms_service.exports.tables import ExportAudit
from forms_service.i18n import negotiate
from forms_service.reports.params import check_confidence_level, check_method
from forms_service.results.summaries import Options, question_result
from forms_service.roles import require_unmasked_reader

__all__ = ["COUNTED", "build_synthesis"]

COUNTED = {"accepted": ("accepted",), "sent": ("submitted", "changes_requested", "accepted")}
FLAGS = {"true": True, "false": False}


def _display(question: Any, value: Any, locale: str, masker: Masker | None) -> str:
    values = value if isinstance(value, list) else [value]
    if question.choices:
        return "; ".join(question.choice_label(v, locale) for v in values)
    text = "; ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in values)
    return text if masker is None else masker.mask(text)


def _kind(question: Any) -> str:
    return question.spec.kind if question.spec is not None else "text"


async def build_synthesis(ctx: Context, principal: Principal, *, locale: str | None = None,
                          collection: int, replies: str = "accepted",
                          unmasked: str = "false", confidence_level: float = 0.95,
                          method: str = "wilson") -> SynthesisOut:
    require_office(principal)
    if replies not in COUNTED:
        raise InvalidInput("replies must be accepted or sent.")
    if unmasked not in FLAGS:
        raise InvalidInput("unmasked must be true or false.")
    level = check_confidence_level(confidence_level)
    chosen_method = check_method(method)
    lang = negotiate(locale)
    row = await load_collection(ctx.db, principal, collection)
    if FLAGS[unmasked]:
        require_unmasked_reader(principal.role)
    masker = None if FLAGS[unmasked] else answer_masker(lang)
    compiled = await questions_of(ctx, principal, collection)
    rows = sort_agencies(await ctx.db.raw(
        "SELECT a.code, a.name, a.kind, r.state, r.answers, r.submitted_at, r.late "
        "FROM collection_request r JOIN agency a ON a.id = r.agency WHERE r.collection = {}",
        collection))
    counted = [r for r in rows if r["state"] in COUNTED[replies]]
    answers = {r["code"]: json_value(r["answers"]) or {} for r in counted}
    counts: dict[str, dict[str, int]] = {}
    for code in answers:
        for key, value in answer_facts(compiled, answers[code]):
            by_value = counts.setdefault(key, {})
            by_value[value] = by_value.get(value, 0) + 1
    [form] = await ctx.db.raw(
        "SELECT f.slug, v.number FROM form f JOIN form_version v ON v.id = {} WHERE f.id = {}",
        row["form_version"], row["form"])
    options = Options(confidence_level=level, method=chosen_method, lang=lang,
                      answers_url=f"/api/v1/analytics/collection?collection={collection}")
    questions = [question_result(question, [int(form["number"])],
                                 counts.get(question.name, {}), responses=len(counted),
                                 split=False, changes=[], options=options)
                 for question in compiled.questions]
    texts = [{"agency": r["code"], "name": r["name"], "question": question.name,
              "title": question.title(lang),
              "answer": _display(question, answers[r["code"]][question.name], lang, masker)}
             for question in compiled.questions if _kind(question) == "text"
             for r in counted if answers[r["code"]].get(question.name) not in (None, "")]
    agencies = [{"agency": r["code"], "name": r["name"], "kind": r["kind"], "state": r["state"],
                 "submitted_at": moment_value(r["submitted_at"]), "late": bool(r["late"]),
                 "answers": {q.name: _display(q, answers[r["code"]][q.name], lang, masker)
                             for q in compiled.questions
                             if r["code"] in answers
                             and answers[r["code"]].get(q.name) is not None}}
                for r in rows]
    if masker is None:
        now = dt.datetime.now(dt.UTC)
        await ExportAudit.insert(ExportAudit(
            key_id=principal.key_id[:64], dataset="collection", form=row["form"],
            format="json", locale=lang, unmasked=True, row_count=len(counted), completed=True,
            finished_at=now)).run()
    return msgspec.convert({
        "collection": collection, "title": row["title"], "form": form["slug"],
        "form_version": int(form["number"]), "replies": replies, "asked": len(rows),
        "counted": len(counted), "unmasked": masker is None, "confidence_level": level,
        "method": chosen_method, "locale": lang, "questions": questions, "texts": texts,
        "agencies": agencies}, SynthesisOut, from_attributes=True)
