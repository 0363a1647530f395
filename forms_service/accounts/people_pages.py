"""The workspace page of the people who sign in: ``/people`` (administrators).

It lists people with their role, agency and unit; for an agency chosen, each
designer or analyst of it gets a select of the agency's active units to limit
them to one (and its sub-units) or to none (the whole agency), through the
same service function as ``PATCH /api/v1/people/{id}``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from forms_service.accounts import service
from forms_service.accounts.web import SignedIn, render_page
from forms_service.agencies.service import list_agencies
from forms_service.context import Context
from forms_service.errors import N_, PhieuError
from forms_service.i18n import translate
from forms_service.organisation.pages import _tree
from forms_service.roles import ROLES, Role

__all__ = ["PeoplePage"]

#: the roles that may be limited to a unit
SCOPED_ROLES = frozenset({Role.DESIGNER.value, Role.ANALYST.value})


class PeoplePage(Controller):
    path = "/people"
    include_in_schema = False

    async def _page(self, request: Request[Any, Any, Any], ctx: Context, signed_in: SignedIn,
                    agency: str, *, error: str = "", status_code: int = 200) -> Response[str]:
        principal = signed_in.principal
        principal.require_role()
        locale = signed_in.locale
        people = await service.list_people(ctx, agency or None)
        units: list[dict[str, Any]] = []
        if agency:
            rows = await ctx.db.raw(
                "SELECT u.code, u.name, p.code AS parent FROM unit u JOIN agency a "
                "ON a.id = u.agency LEFT JOIN unit p ON p.id = u.parent "
                "WHERE a.code = {} AND u.active ORDER BY u.code", agency)
            units = _tree(rows)
        for person in people:
            person["role_label"] = translate(locale, ROLES[Role(person["role"])].label)
            person["scoped"] = bool(agency) and person["role"] in SCOPED_ROLES
        done = request.query_params.get("done") == "unit"
        return render_page(
            request, signed_in, "accounts/people.html", title=translate(locale, "People"),
            status_code=status_code, agency=agency,
            agencies=await list_agencies(ctx, principal), people=people, units=units,
            error=error, notice=translate(locale, N_("The unit was saved.")) if done else "")

    @get("/")
    async def show(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                   signed_in: NamedDependency[SignedIn]) -> Response[str]:
        agency = (request.query_params.get("agency") or "").strip()[:40]
        return await self._page(request, ctx, signed_in, agency)

    @post("/{person_id:int}/unit", status_code=303)
    async def set_unit(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                       signed_in: NamedDependency[SignedIn],
                       person_id: FromPath[int]) -> Response[Any]:
        signed_in.principal.require_role()
        form = await request.form()
        raw_agency, raw_unit = form.get("agency"), form.get("unit")
        agency = raw_agency.strip()[:40] if isinstance(raw_agency, str) else ""
        unit = raw_unit.strip()[:64] if isinstance(raw_unit, str) else ""
        try:
            await service.change_person(ctx, person_id, unit=unit or None)
        except PhieuError as exc:
            if exc.status in (401, 403):
                raise
            message = translate(signed_in.locale, exc.message, **exc.params)
            return await self._page(request, ctx, signed_in, agency, error=message,
                                    status_code=exc.status)
        query = {"agency": agency, "done": "unit"} if agency else {"done": "unit"}
        return Response(b"", status_code=303,
                        headers={"Location": "/people?" + urlencode(query)})
