"""The designer's rules: every change goes through the forms service.

A designer edits the *working definition* of a form: its draft, or, when
nothing changed since the last version, that version. Each edit is a pure
operation of :mod:`form_schemas.editing` applied to it and stored with
:func:`forms_service.forms.service.update_draft`, so the designer pages and
the API check the same things and keep the same history.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from form_schemas.changes import Changes, compare_definitions
from form_schemas.editing import EditError
from forms_service.agencies.service import agency_by_code
from forms_service.agencies.tables import Agency
from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.db import json_value
from forms_service.designer.messages import edit_message
from forms_service.errors import Conflict, DefinitionRejected, InvalidInput, PhieuError
from forms_service.forms import service as forms
from forms_service.forms.tables import Form, FormVersion
from forms_service.text import SLUG, require_pattern

__all__ = [
    "FormView",
    "apply_edit",
    "can_edit",
    "designer_forms",
    "form_view",
    "new_form_problems",
    "publish_review",
]

Edit = Callable[[dict[str, Any]], dict[str, Any]]


class FormView(dict[str, Any]):
    """A form's detail (as the API gives it) plus ``working``: the definition being edited."""


def can_edit(principal: Principal, agency_id: int | None = None) -> bool:
    """Whether ``principal`` may change forms (of ``agency_id``, when given)."""
    if principal.role not in (Role.ADMIN, Role.DESIGNER):
        return False
    return principal.role is Role.ADMIN or agency_id is None or principal.agency_id == agency_id


async def designer_forms(ctx: Context, principal: Principal,
                         locale: str = "vi") -> list[dict[str, Any]]:
    """The forms the person may see, with their titles (in ``locale`` when translated),
    versions and response counts."""
    principal.require_role(Role.DESIGNER, Role.ANALYST)
    rows = await forms.list_forms(ctx, principal, agency=None)
    if not rows:
        return []
    ids = await Form.select(Form.id, Form.slug, Form.draft, Form.latest_version).where(
        Form.slug.is_in([row["slug"] for row in rows])
    ).run()
    by_slug = {row["slug"]: row["id"] for row in ids}
    titles = await _titles(ids, locale)
    # the yearly aggregate rows: as many as forms × years × services, not responses
    counts = {
        row["form"]: int(row["n"])
        for row in await ctx.db.raw(
            "SELECT form, SUM(responses) AS n FROM response_aggregate WHERE span = 'year' "
            "GROUP BY form"
        )
    }
    names = {
        row["code"]: row["name"]
        for row in await Agency.select(Agency.code, Agency.name).run()
    }
    for row in rows:
        row["responses"] = counts.get(by_slug.get(row["slug"]), 0)
        row["agency_name"] = names.get(row["agency"], "")
        row["title"] = titles.get(row["slug"]) or row["slug"]
    return rows


def _title(definition: Any, locale: str) -> str:
    if not isinstance(definition, dict):
        return ""
    survey = definition.get("x-survey")
    translations = survey.get("translations") if isinstance(survey, dict) else None
    entry = translations.get(locale) if isinstance(translations, dict) else None
    if isinstance(entry, dict) and isinstance(entry.get("title"), str) and entry["title"]:
        return str(entry["title"])
    title = definition.get("title")
    return title if isinstance(title, str) else ""


async def _titles(forms_rows: list[dict[str, Any]], locale: str) -> dict[str, str]:
    """Each form's title: its draft's, else its latest version's."""
    latest = {row["id"]: row["latest_version"] for row in forms_rows if row["latest_version"]}
    versions = await FormVersion.select(
        FormVersion.form, FormVersion.number, FormVersion.definition
    ).where(FormVersion.form.is_in(list(latest) or [0])).run()
    published = {row["form"]: json_value(row["definition"]) for row in versions
                 if latest.get(row["form"]) == row["number"]}
    titles = {}
    for row in forms_rows:
        draft = json_value(row["draft"]) if row["draft"] is not None else None
        titles[row["slug"]] = _title(draft, locale) or _title(published.get(row["id"]), locale)
    return titles


async def form_view(principal: Principal, slug: str) -> FormView:
    """The form as the designer shows it, with ``working`` and whether it can be edited."""
    principal.require_role(Role.DESIGNER, Role.ANALYST)
    detail = await forms.form_detail(principal, slug)
    agency = await agency_by_code(detail["agency"])
    view = FormView(detail)
    view["working"] = detail["draft"] if detail["draft"] is not None else detail["definition"]
    view["agency_id"] = agency["id"]
    view["agency_name"] = agency["name"]
    view["editable"] = can_edit(principal, agency["id"])
    return view


async def apply_edit(
    ctx: Context, principal: Principal, slug: str, edit: Edit, *, locale: str
) -> dict[str, Any]:
    """Apply ``edit`` to the working definition and store the result as the draft.

    Raises ``InvalidInput`` (an edit that cannot be made, in the person's
    words) or ``DefinitionRejected`` (the result fails the profile).
    """
    principal.require_role(Role.DESIGNER)
    view = await form_view(principal, slug)
    principal.require_write_agency(view["agency_id"])
    try:
        changed = edit(view["working"])
    except EditError as exc:
        message, params = edit_message(exc)
        raise InvalidInput(message, error_code=f"edit_{exc.code}", **params) from None
    # compare-and-set: an edit made meanwhile by someone else is not overwritten
    return await forms.update_draft(ctx, principal, slug, changed, locale=locale,
                                     based_on=view["updated_at"])


def publish_review(view: FormView) -> Changes | None:
    """What publishing the draft would change since the last version (``None``: first)."""
    if view["definition"] is None or view["draft"] is None:
        return None
    return compare_definitions(view["definition"], view["draft"])


async def new_form_problems(slug: str, definition: Any, locale: str) -> list[PhieuError]:
    """Everything wrong with a new form at once: its slug (shape, taken) and its
    definition (every issue of the profile), so the page lists them together."""
    problems: list[PhieuError] = []
    try:
        require_pattern(slug, SLUG, "slug", "hai-long-dvc-2024")
    except PhieuError as exc:
        problems.append(exc)
    else:
        if await Form.exists().where(Form.slug == slug).run():
            problems.append(Conflict("A form with slug {slug} already exists.", slug=slug))
    if definition is not None:
        try:
            forms.checked_definition(definition, locale)
        except DefinitionRejected as exc:
            problems.append(exc)
    return problems
