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
from forms_service.designer.messages import edit_message
from forms_service.errors import InvalidInput
from forms_service.forms import service as forms
from forms_service.forms.tables import Form

__all__ = [
    "FormView",
    "apply_edit",
    "can_edit",
    "designer_forms",
    "form_view",
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


async def designer_forms(ctx: Context, principal: Principal) -> list[dict[str, Any]]:
    """The forms the person may see, with their versions and response counts."""
    principal.require_role(Role.DESIGNER, Role.ANALYST)
    rows = await forms.list_forms(ctx, principal, agency=None)
    if not rows:
        return []
    ids = await Form.select(Form.id, Form.slug).where(
        Form.slug.is_in([row["slug"] for row in rows])
    ).run()
    by_slug = {row["slug"]: row["id"] for row in ids}
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
    return rows


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
