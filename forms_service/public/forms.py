"""The public page's per-question section: closed questions' results of an
agency's published forms, and their indices, small groups suppressed.

Only closed questions (choices, ratings, yes/no, NPS, numbers) appear, never
text; a question answered by fewer than ``Settings.public_min_answers``
people, and an index element with fewer respondents, are listed without
numbers, decided here before anything is rendered.
"""

from __future__ import annotations

import msgspec

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.forms.tables import Form
from forms_service.results.indices import indices_report
from forms_service.results.report import form_results

__all__ = ["PublicChoiceOut", "PublicFormOut", "PublicQuestionOut", "published_forms"]


class PublicChoiceOut(msgspec.Struct, omit_defaults=True):
    label: str
    count: int
    share: float | None = None
    share_text: str | None = None
    ci_text: str | None = None


class PublicQuestionOut(msgspec.Struct, omit_defaults=True):
    key: str
    title: str
    kind: str
    suppressed: bool
    answered: int | None = None
    choices: list[PublicChoiceOut] = []
    mean: float | None = None
    nps: float | None = None


class PublicElementOut(msgspec.Struct, omit_defaults=True):
    key: str
    title: str
    suppressed: bool
    n: int | None = None
    index: float | None = None
    index_text: str | None = None
    ci_text: str | None = None


class PublicFormOut(msgspec.Struct, omit_defaults=True):
    form: str
    title: str
    responses: int
    questions: list[PublicQuestionOut]
    elements: list[PublicElementOut] = []
    overall_index_text: str | None = None


async def published_forms(ctx: Context, own: Principal, agency_id: int, *,
                          period: str | None, lang: str) -> list[PublicFormOut]:
    """The agency's published forms that have answers in ``period``, question by question."""
    minimum = ctx.settings.public_min_answers
    slugs = [row["slug"] for row in await Form.select(Form.slug).where(
        (Form.agency == agency_id) & (Form.latest_version > 0)).order_by(Form.slug).run()]
    out = []
    for slug in slugs:
        results = await form_results(ctx, own, form=slug, period=period, locale=lang)
        if not results.responses:
            continue
        questions = []
        for block in results.questions:
            if block.kind == "text":
                continue
            shown = block.answered >= minimum
            question = PublicQuestionOut(block.key, block.title, block.kind, not shown)
            if shown:
                question.answered = block.answered
                question.choices = [PublicChoiceOut(c.label, c.count, c.share, c.share_text,
                                                    c.ci_text) for c in block.choices]
                question.mean = block.mean.mean if block.mean else None
                question.nps = block.nps.score if block.nps else None
            questions.append(question)
        form = PublicFormOut(slug, results.title, results.responses, questions)
        indices = await indices_report(ctx, own, form=slug, period=period, locale=lang)
        if indices.rows:
            row = indices.rows[0]
            for element in row.elements:
                shown = element.n >= minimum
                form.elements.append(PublicElementOut(
                    element.key, element.title, not shown,
                    **({"n": element.n, "index": element.index,
                        "index_text": element.index_text, "ci_text": element.ci_text}
                       if shown else {})))
            if all(not e.suppressed for e in form.elements):
                form.overall_index_text = row.overall.index_text
        out.append(form)
    return out
