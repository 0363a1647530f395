"""Whose results a signed-in person reads on the dashboard.

Analysts and admins read exactly what their API keys would: an agency's
analyst its agency, the national office (an analyst without agency) and
admins every agency, narrowed with ``?agency=``. A designer of an agency
reads its own agency's results, as that agency's analyst would; a designer
without agency has none to read. A person limited to a unit reads what the
reports can limit to the answers of that unit and its sub-units, and is
refused the others (:func:`forms_service.reports.params.resolve_scope`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from forms_service.accounts.web import SignedIn
from forms_service.agencies.tables import Agency
from forms_service.auth import Principal, Role
from forms_service.errors import Forbidden
from forms_service.forms.tables import Form
from forms_service.organisation.tables import Unit

__all__ = ["agency_choices", "agency_name", "form_choices", "reader", "unit_label"]


def reader(signed_in: SignedIn) -> Principal:
    """The principal the report functions are called with."""
    principal = signed_in.principal
    if principal.role is Role.DESIGNER:
        if principal.agency_id is None:
            raise Forbidden("The dashboard shows an agency's results; this account belongs to "
                            "no agency. Ask an administrator for an analyst account.")
        # as the agency's analyst, with the designer's unit scope if any
        return replace(principal, role=Role.ANALYST)
    principal.require_role(Role.ANALYST)
    return principal


async def agency_choices(principal: Principal) -> list[dict[str, Any]]:
    """Agencies the person may pick (national readers only; others have their own)."""
    if not principal.is_national:
        return []
    return await Agency.select(Agency.code, Agency.name, Agency.kind).order_by(
        Agency.kind).order_by(Agency.name).run()


async def form_choices(principal: Principal, agency_code: str | None) -> list[str]:
    """Slugs of the published forms in scope, for the form filter."""
    query = Form.select(Form.slug).where(Form.latest_version > 0).order_by(Form.slug)
    if agency_code:
        query = query.where(Form.agency.code == agency_code)
    elif principal.agency_id is not None:
        query = query.where(Form.agency == principal.agency_id)
    return [row["slug"] for row in await query.run()]


async def agency_name(code: str | None) -> str | None:
    """The name of the agency ``code`` (the pages say whose numbers they show)."""
    if not code:
        return None
    row = await Agency.select(Agency.name).where(Agency.code == code).first().run()
    return str(row["name"]) if row else None


async def unit_label(principal: Principal) -> dict[str, str] | None:
    """The code and name of the unit a person is limited to (the pages say it), if any."""
    if principal.unit_id is None:
        return None
    row = await Unit.select(Unit.code, Unit.name).where(Unit.id == principal.unit_id) \
        .first().run()
    return {"code": str(row["code"]), "name": str(row["name"])} if row else None
