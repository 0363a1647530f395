"""The workspace page of a form's case rule: ``/designer/forms/{slug}/cases``.

Which answers open a case: those not satisfied (the default), those giving
chosen answers to a choice question, those whose comment contains a phrase
(one per line). The page posts the rule as the API takes it and stores it
through the same function (:func:`forms_service.cases.settings.put_rule`),
so it is checked alike; a refusal is shown beside the field, in the
person's language. Plain forms: it works without JavaScript. Designers of
the form's agency change it; analysts read it.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from forms_service.accounts.web import SignedIn, render_page
from forms_service.auth import Role
from forms_service.cases import settings
from forms_service.cases.rules import MAX_PHRASES, choice_questions
from forms_service.context import Context
from forms_service.errors import PhieuError
from forms_service.forms.service import load_form
from forms_service.i18n import translate

__all__ = ["CaseRulePage", "rule_from_form"]

MAX_FIELD = 20_000
#: the parts of a rule this page does not edit (the contact for replies, set through the
#: API): kept as stored when the page saves the rule
KEPT = ("contact_question", "consent_question", "consent_answers")


def _text(form: Any, name: str, limit: int = 4000) -> str:
    value = form.get(name)
    return value[:limit] if isinstance(value, str) else ""


def rule_from_form(form: Any, questions: list[tuple[str, str, list[tuple[Any, str]]]]
                   ) -> dict[str, Any]:
    """The rule as the API takes it, from the page's fields: an answer is sent as its
    position among the question's answers (one not among them as written, for the
    rule's check to refuse)."""
    choices = []
    for name, _, options in questions:
        answers: list[Any] = []
        for raw in form.getall(f"answer:{name}", [])[:100]:
            if isinstance(raw, str) and raw.isdigit() and int(raw) < len(options):
                answers.append(options[int(raw)][0])
            elif isinstance(raw, str):
                answers.append(raw[:64])
        if answers:
            choices.append({"question": name, "answers": answers})
    lines = _text(form, "phrases", MAX_FIELD).splitlines()
    phrases = [line.strip() for line in lines if line.strip()]
    return {"active": _text(form, "active", 5) == "on",
            "not_satisfied": _text(form, "not_satisfied", 5) == "on",
            "choices": choices, "phrases": phrases}


def _where(message: str) -> str:
    """The field a refusal of the rule is about."""
    if "phrase" in message:
        return "phrases"
    if "choice" in message or "question" in message.lower() or "answer" in message:
        return "choices"
    return "rule"


class CaseRulePage(Controller):
    path = "/designer/forms/{slug:str}/cases"
    include_in_schema = False

    async def _page(self, request: Request[Any, Any, Any], ctx: Context, signed_in: SignedIn,
                    slug: str, *, values: dict[str, Any] | None = None,
                    errors: dict[str, str] | None = None, status_code: int = 200
                    ) -> Response[str]:
        principal, locale = signed_in.principal, signed_in.locale
        principal.require_role(Role.DESIGNER, Role.ANALYST)
        form = await load_form(principal, slug)
        stored = await settings.get_rule(ctx, principal, slug)
        rule = values or stored
        questions = choice_questions(await settings.latest_definition(ctx, form))
        chosen = {c["question"]: c["answers"] for c in rule.get("choices", [])}
        shown = [{"name": name, "title": title, "id": f"q{number}",
                  "options": [{"index": index, "label": label,
                               "checked": value in chosen.get(name, [])}
                              for index, (value, label) in enumerate(options)]}
                 for number, (name, title, options) in enumerate(questions, 1)]
        editable = principal.role in (Role.DESIGNER, Role.ADMIN) and (
            principal.is_admin or principal.agency_id == form["agency"])
        saved = request.query_params.get("done") == "rule"
        return render_page(
            request, signed_in, "cases/rule.html", status_code=status_code,
            title=translate(locale, "Case rule: {slug}", slug=slug), slug=slug,
            rule=rule, is_default=stored["default"], questions=shown, editable=editable,
            phrases="\n".join(rule.get("phrases", [])), errors=errors or {},
            max_phrases=MAX_PHRASES,
            notice=translate(locale, "The case rule was saved.") if saved else "")

    @get("/")
    async def show(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                   signed_in: NamedDependency[SignedIn], slug: FromPath[str]) -> Response[str]:
        return await self._page(request, ctx, signed_in, slug)

    @post("/", status_code=303)
    async def change(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                     signed_in: NamedDependency[SignedIn], slug: FromPath[str]
                     ) -> Response[Any]:
        principal = signed_in.principal
        principal.require_role(Role.DESIGNER)
        form = await load_form(principal, slug)
        fields = await request.form()
        questions = choice_questions(await settings.latest_definition(ctx, form))
        raw = rule_from_form(fields, questions)
        stored = await settings.get_rule(ctx, principal, slug)
        raw |= {key: stored[key] for key in KEPT if stored.get(key) not in (None, [])}
        try:
            await settings.put_rule(ctx, principal, slug, raw)
        except PhieuError as exc:
            if exc.status in (401, 403, 404):
                raise
            message = translate(signed_in.locale, exc.message, **exc.params)
            kept = {**raw, "phrases": [p[:200] for p in raw["phrases"][:200]]}
            return await self._page(request, ctx, signed_in, slug, values=kept,
                                    errors={_where(exc.message): message},
                                    status_code=exc.status)
        return Response(b"", status_code=303, headers={
            "Location": f"/designer/forms/{slug}/cases?done=rule#notice"})
