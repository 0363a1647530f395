"""Moving through a paged form (``x-survey.pages``) without script: each page
is checked on the server before the next is shown, answers of every page ride
along in hidden fields, and pages whose questions are all hidden by their
conditions are passed over."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from form_schemas import CompiledForm

__all__ = ["page_of_issues", "turn_page"]


def _page_number(text: str | None, total: int) -> int:
    try:
        number = int(text or "1")
    except ValueError:
        number = 1
    return min(max(number, 1), total)


def _next_shown(form: CompiledForm, answers: Mapping[str, Any], page: int, step: int) -> int:
    """The next page from ``page`` in direction ``step`` with a question to show."""
    shown = form.visible(answers)
    total = len(form.sections)
    target = page + step
    while 1 <= target <= total:
        if any(name in shown for name in form.sections[target - 1].questions):
            return target
        target += step
    return page if step < 0 else total


def turn_page(form: CompiledForm, answers: Mapping[str, Any], page_field: str | None,
              go: str, locale: str) -> tuple[int, list[dict[str, Any]]]:
    """The page to show after ``go`` (``next``, ``back`` or ``stay``) from the posted
    page, and the issues to show on it: going on, the posted page's own issues keep it
    shown; staying (the language switch) shows the same page without judging it."""
    page = _page_number(page_field, len(form.sections))
    if go == "stay":
        return page, []
    if go == "back":
        return _next_shown(form, answers, page, -1), []
    result = form.page_result(answers, page, locale=locale)
    if result.errors:
        return page, [{"path": e.path, "code": e.code, "message": e.message}
                      for e in result.errors]
    return _next_shown(form, answers, page, 1), []


def page_of_issues(form: CompiledForm, issues: Sequence[Mapping[str, Any]]) -> int | None:
    """The first page with an issue (where a refused paged form is shown again)."""
    if not form.paged:
        return None
    names = {str(i.get("path", "")).lstrip("/").split("/", 1)[0] for i in issues}
    for section in form.sections:
        if names.intersection(section.questions):
            return section.number
    return None
